using Disagg.Hw.Kvm;

namespace Disagg.Actors.Hypervisor.Vcpus;

/// <summary>The CPUID a vCPU sees: the host's KVM-supported leaves plus Xen's leaves at 0x40000000.</summary>
/// <remarks>Values as Xen 4.17's cpuid_hypervisor_leaves (xen/arch/x86/traps.c) gives an HVM domain.</remarks>
public static class XenCpuidLeaves
{
    public const uint Base = 0x4000_0000;

    /// <summary>XEN_CPUID_MAX_NUM_LEAVES: leaves base+1..base+5 exist.</summary>
    const uint MaxLeafOffset = 5;

    /// <summary>"XenVMMXenVMM" as EBX, ECX, EDX (XEN_CPUID_SIGNATURE_*).</summary>
    const uint SignatureEbx = 0x566e6558, SignatureEcx = 0x65584d4d, SignatureEdx = 0x4d4d566e;

    /// <summary>Xen 4.17 in leaf 1: (major &lt;&lt; 16) | minor.</summary>
    public const uint Version = (4u << 16) | 17u;

    /// <summary>The MSR through which a guest asks for the hypercall page (leaf 2 EBX).</summary>
    public const uint HypercallPageMsr = 0x4000_0000;

    // XEN_HVM_CPUID_* (arch-x86/cpuid.h)
    const uint VcpuIdPresent = 1u << 3, DomIdPresent = 1u << 4, UpcallVector = 1u << 6;

    /// <summary>Builds the CPUID table of one vCPU.</summary>
    public static KvmCpuidEntry[] For(KvmCpuidEntry[] supported, uint vcpuId, uint apicId, ushort domId)
    {
        var entries = new List<KvmCpuidEntry>(supported.Length + 6);
        foreach (var e in supported)
        {
            // KVM's own paravirt leaves live here too; the guest must find Xen first.
            if (e.Function >= Base && e.Function < Base + 0x1_0000) continue;
            var entry = e;
            switch (entry.Function)
            {
                case 1:
                    entry.Ecx |= 1u << 31;                                  // hypervisor present
                    entry.Ebx = (entry.Ebx & 0x00FF_FFFF) | (apicId << 24); // initial APIC id
                    break;
                case 0xB or 0x1F:
                    entry.Edx = apicId;                                     // x2APIC id, every subleaf
                    break;
            }
            entries.Add(entry);
        }
        entries.Add(Leaf(Base + 0, Base + MaxLeafOffset, SignatureEbx, SignatureEcx, SignatureEdx));
        entries.Add(Leaf(Base + 1, Version, 0, 0, 0));
        entries.Add(Leaf(Base + 2, 1, HypercallPageMsr, 0, 0));             // one hypercall page
        entries.Add(Leaf(Base + 3, 0, 0, 0, 0));                            // TSC leaf: native TSC mode
        entries.Add(Leaf(Base + 4, VcpuIdPresent | DomIdPresent | UpcallVector, vcpuId, domId, 0));
        entries.Add(Leaf(Base + 5, 0, 0, 0, 0));                            // PV-only leaf: empty for HVM
        return entries.ToArray();
    }

    static KvmCpuidEntry Leaf(uint function, uint eax, uint ebx, uint ecx, uint edx) =>
        new() { Function = function, Index = 0, Flags = 0, Eax = eax, Ebx = ebx, Ecx = ecx, Edx = edx };
}
