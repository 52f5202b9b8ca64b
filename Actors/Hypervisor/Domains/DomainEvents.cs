using Disagg.Actors.Hypervisor.Events;
using Disagg.Actors.Hypervisor.Vcpus;
using Disagg.Xen;

namespace Disagg.Actors.Hypervisor.Domains;

/// <summary>How events reach a domain's vCPUs (the domain side of the 2-level event channel ABI).</summary>
public sealed partial class Domain : IEventDelivery
{
    /// <summary>Xen's vcpu_info for vCPUs beyond shared_info's 32 slots before they register one: events go nowhere.</summary>
    readonly Dictionary<uint, byte[]> _dummyVcpuInfo = new();

    /// <summary>The guest's shared_info uses the 32-bit layout (latched from the vCPU mode, as Xen's has_32bit_shinfo).</summary>
    public bool Is32Bit { get; internal set; }

    public Span<byte> SharedInfo => SharedInfoPage.Current;

    public int MaxVcpus => Config.Vcpus;

    public Span<byte> VcpuInfo(uint vcpu)
    {
        if (vcpu < Vcpus.Length && Vcpus[vcpu].VcpuInfoGpa is { } gpa
            && Memory.TryGetSpan(gpa, VcpuInfoLayout.X64.Size, out var registered))
            return registered;
        var layout = Is32Bit ? SharedInfoLayout.X86_32 : SharedInfoLayout.X64;
        if (vcpu < layout.MaxVirtCpus)
            return SharedInfo.Slice(layout.VcpuInfoOffset((int)vcpu), VcpuInfoLayout.X64.Size);
        lock (_dummyVcpuInfo)
        {
            if (!_dummyVcpuInfo.TryGetValue(vcpu, out var dummy)) _dummyVcpuInfo[vcpu] = dummy = new byte[VcpuInfoLayout.X64.Size];
            return dummy;
        }
    }

    public void Upcall(uint vcpu)
    {
        if (vcpu < Vcpus.Length) Vcpus[vcpu].NotifyUpcall();
    }

    public void PortPending(uint vcpu, uint port)
    {
        if (vcpu < Vcpus.Length) Vcpus[vcpu].NotifyPortPending(port);
    }

    /// <summary>The HVM_PARAM_CALLBACK_IRQ vector when its type is "vector" (2), else 0.</summary>
    internal byte CallbackVector => Params.CallbackVector;

    /// <summary>Sends a fixed, edge-triggered interrupt to one LAPIC (physical destination mode).</summary>
    internal void SignalVector(uint apicId, byte vector) =>
        Vm.SignalMsi(0xFEE0_0000ul | ((ulong)apicId << 12), vector);

    /// <summary>Whether the vCPU's LAPIC takes ExtINT interrupts (LVT0 unmasked in ExtINT mode): KVM's kvm_apic_accept_pic_intr.</summary>
    /// <remarks>Runs on the vCPU's own thread: reading the LAPIC needs the vCPU out of KVM_RUN.</remarks>
    internal bool LapicAcceptsExtInt(Vcpu vcpu)
    {
        Span<byte> lapic = stackalloc byte[1024];
        vcpu.Kvm.GetLapic(lapic);
        var lvt0 = BitConverter.ToUInt32(lapic[0x350..]);
        const uint Masked = 1u << 16, DeliveryModeMask = 7u << 8, ExtInt = 7u << 8;
        return (lvt0 & Masked) == 0 && (lvt0 & DeliveryModeMask) == ExtInt;
    }
}
