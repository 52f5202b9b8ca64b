using System.Runtime.InteropServices;
using Disagg.Hw.Kvm.Native;
using static Disagg.Hw.Kvm.Native.KvmConstants;

namespace Disagg.Hw.Kvm;

// MSR policy: which MSR accesses exit to user space.
public sealed partial class KvmVm
{
    /// <summary>KVM_ENABLE_CAP(KVM_CAP_X86_USER_SPACE_MSR): the MSR accesses that exit as X86ReadMsr/X86WriteMsr.</summary>
    public void EnableUserSpaceMsrExits(KvmMsrExitReasons reasons) => EnableCap(KvmCap.X86UserSpaceMsr, (ulong)reasons);

    /// <summary>
    /// KVM_X86_SET_MSR_FILTER: up to 16 ranges; an MSR outside every range is allowed when
    /// <paramref name="defaultAllow"/>, denied otherwise. Denied accesses exit to user space if
    /// <see cref="KvmMsrExitReasons.Filter"/> is enabled, else inject #GP. No ranges clears the filter.
    /// </summary>
    public unsafe void SetMsrFilter(bool defaultAllow, params KvmMsrFilterRange[] ranges)
    {
        if (ranges.Length > KVM_MSR_FILTER_MAX_RANGES)
            throw new ArgumentException($"at most {KVM_MSR_FILTER_MAX_RANGES} MSR filter ranges", nameof(ranges));
        var filter = new kvm_msr_filter { flags = defaultAllow ? KVM_MSR_FILTER_DEFAULT_ALLOW : KVM_MSR_FILTER_DEFAULT_DENY };
        var pins = new GCHandle[ranges.Length];
        try
        {
            for (int i = 0; i < ranges.Length; i++)
            {
                var r = ranges[i];
                if (r.Bitmap is null || (ulong)r.Bitmap.Length * 8 < r.Count)
                    throw new ArgumentException($"MSR filter range {i}: bitmap shorter than {r.Count} bits", nameof(ranges));
                pins[i] = GCHandle.Alloc(r.Bitmap, GCHandleType.Pinned);
                filter.ranges[i] = new kvm_msr_filter_range
                {
                    flags = (r.Read ? KVM_MSR_FILTER_READ : 0) | (r.Write ? KVM_MSR_FILTER_WRITE : 0),
                    nmsrs = r.Count,
                    @base = r.BaseIndex,
                    bitmap = (byte*)pins[i].AddrOfPinnedObject(),
                };
            }
            // SAFETY: filter is on the stack and every bitmap it points to is pinned until after the call
            // (the kernel copies the bitmaps).
            Errno.Check(Libc.Ioctl(_fd, KVM_X86_SET_MSR_FILTER, &filter), "KVM_X86_SET_MSR_FILTER");
        }
        finally
        {
            foreach (var pin in pins)
                if (pin.IsAllocated) pin.Free();
        }
    }
}
