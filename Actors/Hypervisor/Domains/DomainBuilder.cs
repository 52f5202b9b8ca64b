using Disagg.Actors.Hypervisor.Builder;
using Disagg.Actors.Hypervisor.Memory;
using Disagg.Actors.Hypervisor.Platform;
using Disagg.Actors.Hypervisor.Vcpus;
using Disagg.Hw.Kvm;
using Disagg.Xen;

namespace Disagg.Actors.Hypervisor.Domains;

/// <summary>What libxc/libxl do to build a PVH or HVM domain, on KVM.</summary>
internal static class DomainBuilder
{
    /// <summary>KVM needs three pages for Intel's real-mode TSS and one for the identity map, in the MMIO hole.</summary>
    const ulong TssAddress = 0xFFFB_D000, IdentityMapAddress = 0xFFFB_C000;

    /// <summary>Split irqchip: LAPICs in the kernel, no in-kernel IOAPIC/PIC, so the callback vector can be injected
    /// without LAPIC bookkeeping. 48 routes: the pins of Xen's vIOAPIC.</summary>
    const int IoapicPins = 48;

    /// <summary>MSRs of Xen's hypervisor range that exit to the core (base 0x40000000; Viridian would move it to 0x40000200).</summary>
    const uint XenMsrCount = 0x200;

    public static Domain Build(Hypervisor host, ushort id, DomainConfig config)
    {
        var image = File.ReadAllBytes(config.Kernel);
        var kernel = ElfImage.Parse(image);
        if (config.Type == GuestType.Pvh && !kernel.IsPvh)
            throw new BuildException($"{config.Kernel}: no XEN_ELFNOTE_PHYS32_ENTRY note, so it cannot boot as PVH (try type=\"hvm\")");
        var ramdisk = config.Ramdisk is null ? [] : File.ReadAllBytes(config.Ramdisk);
        var ramBytes = (ulong)config.MemoryMiB << 20;
        var layout = PvhLayout.Plan(new PvhLayoutRequest(ramBytes, MemoryLayout.LowMemoryTop, kernel.PhysStart, kernel.PhysEnd,
            config.Vcpus, (ulong)ramdisk.Length, config.Cmdline, LegacyRsdp: kernel.Notes.NeedsLegacyRsdp,
            HvmPlatform: config.Type == GuestType.Hvm));

        var memory = new DomainMemory($"disagg-d{id}", ramBytes);
        KvmVm? vm = null;
        Domain? domain = null;
        try
        {
            vm = host.Kvm.CreateVm();
            vm.SetTssAddress(TssAddress);
            vm.SetIdentityMapAddress(IdentityMapAddress);
            vm.EnableSplitIrqchip(IoapicPins);
            vm.EnableUserSpaceMsrExits(KvmMsrExitReasons.Filter);
            vm.SetMsrFilter(defaultAllow: true,
                new KvmMsrFilterRange(Read: true, Write: true, XenCpuidLeaves.HypercallPageMsr, XenMsrCount, new byte[XenMsrCount / 8]));
            memory.Register(vm);
            var vmcallIntercepted = vm.TryEnableXenHypercallIntercept();

            domain = new Domain(host, id, config, memory, vm, privileged: false) { VmcallHypercalls = vmcallIntercepted };
            // As Xen: an HVM domain also gets an IOAPIC, PIC, PIT and RTC; a PVH domain has LAPICs only.
            var hvm = config.Type == GuestType.Hvm;
            if (hvm)
            {
                var platform = PlatformBus.ForHvm(new MsiSink(vm), () => DateTimeOffset.UtcNow, config.Vcpus);
                platform.TimerFault = e => host.Log.Core($"platform timer failed: {e.Message}", id);
                domain.Platform = platform;
            }
            var boot = PvhBoot.Load(memory, kernel, layout, ramdisk, config.Cmdline, config.Vcpus, onlineVcpus: config.Vcpus, hvmPlatform: hvm);
            var entry = config.Type == GuestType.Pvh ? boot : BootVcpuState.ForHvm((uint)kernel.HvmEntry, boot.Ebx);
            domain.E820 = layout.MemoryMap.Regions.Select(r => new E820Region(r.Address, r.Size, r.Type)).ToArray();
            SetUpSpecialPages(domain, config);
            CreateVcpus(host, domain, config, VcpuStartState.FromBoot(entry));
            domain.RefreshWallclock();
            host.Log.Core($"created {config.Type.ToString().ToLowerInvariant()} domain '{config.Name}': {config.MemoryMiB} MiB, " +
                $"{config.Vcpus} vCPU(s), entry 0x{entry.Eip:x}, hypercalls via the hypercall page" +
                (vmcallIntercepted ? " and VMCALL" : " (no KVM_CAP_XEN_HVM: VMCALL is not intercepted)"), id);
            return domain;
        }
        catch
        {
            if (domain is not null) domain.Destroy();
            else { vm?.Dispose(); memory.Dispose(); }
            throw;
        }
    }

    /// <summary>The xenstore and console rings: special pages, params, reserved grants, unbound ports for the backend.</summary>
    static void SetUpSpecialPages(Domain d, DomainConfig config)
    {
        foreach (var pfn in new[] { SpecialPages.XenstorePfn, SpecialPages.ConsolePfn })
            GuestWriter.Zero(d.Memory, pfn << MemoryLayout.PageShift, MemoryLayout.PageSize, "special page");
        if (!d.Events.TryAllocateUnboundForBuilder(config.BackendDomId, out var storePort)
            || !d.Events.TryAllocateUnboundForBuilder(config.BackendDomId, out var consolePort))
            throw new BuildException("no free event channel for the xenstore and console rings");
        d.Params[(int)HvmParam.StorePfn] = SpecialPages.XenstorePfn;
        d.Params[(int)HvmParam.StoreEvtchn] = storePort;
        d.Params[(int)HvmParam.ConsolePfn] = SpecialPages.ConsolePfn;
        d.Params[(int)HvmParam.ConsoleEvtchn] = consolePort;
        d.Grants.SeedReserved(config.BackendDomId, SpecialPages.ConsolePfn, config.BackendDomId, SpecialPages.XenstorePfn);
    }

    static void CreateVcpus(Hypervisor host, Domain d, DomainConfig config, VcpuStartState bootState)
    {
        var vcpus = new Vcpu[config.Vcpus];
        for (var i = 0u; i < vcpus.Length; i++)
        {
            // Xen gives vCPU n the LAPIC id 2n (the MADT says so); KVM's vCPU id is the LAPIC id.
            var apicId = (uint)AcpiTables.LapicId((int)i);
            var kvm = d.Vm.CreateVcpu(apicId);
            kvm.SetCpuid(XenCpuidLeaves.For(host.SupportedCpuid, i, apicId, d.Id));
            vcpus[i] = new Vcpu(d, i, apicId, kvm, online: i == 0);
        }
        d.Vcpus = vcpus;
        vcpus[0].SetStartState(bootState);
    }

    /// <summary>Platform interrupts reach the LAPICs as MSIs (the IOAPIC's redirection entries encode them).</summary>
    sealed class MsiSink(KvmVm vm) : IInterruptSink
    {
        public void SignalMsi(ulong address, uint data) => vm.SignalMsi(address, data);
    }
}
