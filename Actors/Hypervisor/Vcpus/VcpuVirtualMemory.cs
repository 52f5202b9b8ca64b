using Disagg.Actors.Hypervisor.Hypercalls;
using Disagg.Actors.Hypervisor.Memory;
using Disagg.Hw.Kvm;

namespace Disagg.Actors.Hypervisor.Vcpus;

/// <summary>A vCPU's view of its hypercall buffers: guest-virtual addresses translated page by page.</summary>
/// <remarks>
/// Valid only on the vCPU's own thread while it is out of KVM_RUN (KVM_TRANSLATE uses its current page
/// tables). With paging off the address is physical, truncated to 32 bits for a 32-bit guest.
/// </remarks>
public sealed class VcpuVirtualMemory(KvmVcpu kvm, DomainMemory memory) : IGuestVirtualMemory
{
    /// <summary>Set by the vCPU at each hypercall entry from CR0.PG and the execution mode.</summary>
    internal bool PagingEnabled { get; set; }
    internal bool Is32Bit { get; set; }

    public bool TryRead(ulong address, Span<byte> destination)
    {
        var done = 0;
        while (done < destination.Length)
        {
            if (!TryPage(address + (ulong)done, destination.Length - done, out var chunk)) return false;
            chunk.CopyTo(destination[done..]);
            done += chunk.Length;
        }
        return true;
    }

    public bool TryWrite(ulong address, ReadOnlySpan<byte> source)
    {
        var done = 0;
        while (done < source.Length)
        {
            if (!TryPage(address + (ulong)done, source.Length - done, out var chunk)) return false;
            source.Slice(done, chunk.Length).CopyTo(chunk);
            done += chunk.Length;
        }
        return true;
    }

    /// <summary>The part of [address, address+wanted) that lies in address's page, as a span of guest memory.</summary>
    bool TryPage(ulong address, int wanted, out Span<byte> chunk)
    {
        chunk = default;
        if (Is32Bit && address > uint.MaxValue) return false;
        var inPage = (int)Math.Min((ulong)wanted, MemoryLayout.PageSize - (address & (MemoryLayout.PageSize - 1)));
        ulong gpa;
        if (!PagingEnabled) gpa = address;
        else if (!kvm.TryTranslate(address, out gpa, out _)) return false;
        return memory.TryGetSpan(gpa, inPage, out chunk);
    }
}
