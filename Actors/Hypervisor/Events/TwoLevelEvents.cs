using System.Runtime.InteropServices;
using Disagg.Xen;

namespace Disagg.Actors.Hypervisor.Events;

/// <summary>The 2-level event ABI on the guest's shared_info and vcpu_info (xen/common/event_2l.c).</summary>
/// <remarks>
/// Every bit operation is a locked read-modify-write on the guest's own words (ulong for 64-bit guests,
/// uint for 32-bit ones), because the guest clears and masks the same words concurrently from its vCPUs.
/// Spans are fetched from <see cref="IEventDelivery"/> on every call and never kept: shared_info and
/// vcpu_info move when the guest maps them.
/// </remarks>
internal static class TwoLevelEvents
{
    /// <summary>Ports the 2-level ABI can name: bits-per-word squared (EVTCHN_2L_NR_CHANNELS for the ABI).</summary>
    public static int MaxPorts(bool is32Bit) => is32Bit ? EvtchnLimits.NrChannels2L32 : EvtchnLimits.NrChannels2L;

    /// <summary>evtchn_2l_set_pending: latch the port and, if newly pending and unmasked, raise the selector and the upcall.</summary>
    public static void SetPending(IEventDelivery delivery, uint vcpu, uint port)
    {
        var is32 = delivery.Is32Bit;
        var layout = is32 ? SharedInfoLayout.X86_32 : SharedInfoLayout.X64;
        if (port >= MaxPorts(is32) || vcpu >= (uint)delivery.MaxVcpus) return;
        var shinfo = delivery.SharedInfo;
        if (shinfo.Length < layout.Size) return;

        // Already pending: the guest has (or will get) the notification; nothing more to do.
        if (TestAndSet(shinfo, layout.EvtchnPending, port, is32)) return;

        if (!Test(shinfo, layout.EvtchnMask, port, is32))
            RaiseSelector(delivery, vcpu, port / (uint)layout.EvtchnWordBits, is32);

        // evtchn_check_pollers: SCHEDOP_poll waiters care about pending, masked or not.
        delivery.PortPending(vcpu, port);
    }

    /// <summary>evtchn_2l_clear_pending: done when a port is freed so a re-bound port starts clean.</summary>
    public static void ClearPending(IEventDelivery delivery, uint port)
    {
        var is32 = delivery.Is32Bit;
        var layout = is32 ? SharedInfoLayout.X86_32 : SharedInfoLayout.X64;
        if (port >= MaxPorts(is32)) return;
        var shinfo = delivery.SharedInfo;
        if (shinfo.Length < layout.Size) return;
        Clear(shinfo, layout.EvtchnPending, port, is32);
    }

    /// <summary>evtchn_2l_unmask: clear the mask bit and re-raise the event if it is pending.</summary>
    public static void Unmask(IEventDelivery delivery, uint vcpu, uint port)
    {
        var is32 = delivery.Is32Bit;
        var layout = is32 ? SharedInfoLayout.X86_32 : SharedInfoLayout.X64;
        if (port >= MaxPorts(is32) || vcpu >= (uint)delivery.MaxVcpus) return;
        var shinfo = delivery.SharedInfo;
        if (shinfo.Length < layout.Size) return;
        // Strict order as in Xen: mask cleared first, then pending tested, then the selector.
        if (TestAndClear(shinfo, layout.EvtchnMask, port, is32) && Test(shinfo, layout.EvtchnPending, port, is32))
            RaiseSelector(delivery, vcpu, port / (uint)layout.EvtchnWordBits, is32);
    }

    /// <summary>evtchn_2l_is_pending.</summary>
    public static bool IsPending(IEventDelivery delivery, uint port) => TestShared(delivery, port, mask: false);

    /// <summary>evtchn_2l_is_masked (a port beyond the ABI's range counts as masked).</summary>
    public static bool IsMasked(IEventDelivery delivery, uint port) =>
        port >= MaxPorts(delivery.Is32Bit) || TestShared(delivery, port, mask: true);

    static bool TestShared(IEventDelivery delivery, uint port, bool mask)
    {
        var is32 = delivery.Is32Bit;
        var layout = is32 ? SharedInfoLayout.X86_32 : SharedInfoLayout.X64;
        if (port >= MaxPorts(is32)) return false;
        var shinfo = delivery.SharedInfo;
        if (shinfo.Length < layout.Size) return false;
        return Test(shinfo, mask ? layout.EvtchnMask : layout.EvtchnPending, port, is32);
    }

    // Selector bit in the notify vCPU's evtchn_pending_sel, then vcpu_mark_events_pending: the upcall
    // fires only when evtchn_upcall_pending goes 0 -> 1.
    static void RaiseSelector(IEventDelivery delivery, uint vcpu, uint word, bool is32)
    {
        var layout = is32 ? VcpuInfoLayout.X86_32 : VcpuInfoLayout.X64;
        var vcpuInfo = delivery.VcpuInfo(vcpu);
        if (vcpuInfo.Length < layout.Size) return;
        if (TestAndSet(vcpuInfo, layout.EvtchnPendingSel, word, is32)) return;
        // evtchn_upcall_pending is byte 0; a locked OR of bit 0 on the aligned 32-bit word touches no other byte.
        ref uint head = ref MemoryMarshal.Cast<byte, uint>(vcpuInfo.Slice(layout.EvtchnUpcallPending, 4))[0];
        if ((Interlocked.Or(ref head, 1u) & 1u) == 0) delivery.Upcall(vcpu);
    }

    static bool TestAndSet(Span<byte> page, int offset, uint bit, bool is32)
    {
        if (is32)
        {
            ref uint w = ref Word32(page, offset, bit);
            var m = 1u << (int)(bit & 31);
            return (Interlocked.Or(ref w, m) & m) != 0;
        }
        ref ulong q = ref Word64(page, offset, bit);
        var mq = 1ul << (int)(bit & 63);
        return (Interlocked.Or(ref q, mq) & mq) != 0;
    }

    static bool TestAndClear(Span<byte> page, int offset, uint bit, bool is32)
    {
        if (is32)
        {
            ref uint w = ref Word32(page, offset, bit);
            var m = 1u << (int)(bit & 31);
            return (Interlocked.And(ref w, ~m) & m) != 0;
        }
        ref ulong q = ref Word64(page, offset, bit);
        var mq = 1ul << (int)(bit & 63);
        return (Interlocked.And(ref q, ~mq) & mq) != 0;
    }

    static void Clear(Span<byte> page, int offset, uint bit, bool is32) => TestAndClear(page, offset, bit, is32);

    static bool Test(Span<byte> page, int offset, uint bit, bool is32) => is32
        ? (Volatile.Read(ref Word32(page, offset, bit)) & (1u << (int)(bit & 31))) != 0
        : (Volatile.Read(ref Word64(page, offset, bit)) & (1ul << (int)(bit & 63))) != 0;

    static ref uint Word32(Span<byte> page, int offset, uint bit) =>
        ref MemoryMarshal.Cast<byte, uint>(page.Slice(offset))[(int)(bit / 32)];

    static ref ulong Word64(Span<byte> page, int offset, uint bit) =>
        ref MemoryMarshal.Cast<byte, ulong>(page.Slice(offset))[(int)(bit / 64)];
}
