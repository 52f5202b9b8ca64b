using System.Runtime.InteropServices;
using Disagg.Hw.Kvm.Native;
using static Disagg.Hw.Kvm.Native.KvmConstants;

namespace Disagg.Hw.Kvm;

// Interrupt controllers and interrupt delivery: irqchip, PIT, MSI, GSI routing, irqfd, ioeventfd.
public sealed partial class KvmVm
{
    /// <summary>KVM_CREATE_IRQCHIP: in-kernel PIC, IOAPIC and per-vCPU LAPIC. Call before creating vCPUs.</summary>
    public void CreateIrqchip() =>
        Errno.Check(Libc.Ioctl(_fd, KVM_CREATE_IRQCHIP, 0), "KVM_CREATE_IRQCHIP");

    /// <summary>
    /// KVM_ENABLE_CAP(KVM_CAP_SPLIT_IRQCHIP): LAPICs in the kernel, PIC/IOAPIC in user space with
    /// <paramref name="ioapicPins"/> routes reserved. Call before creating vCPUs.
    /// </summary>
    public void EnableSplitIrqchip(int ioapicPins) => EnableCap(KvmCap.SplitIrqchip, (ulong)ioapicPins);

    /// <summary>KVM_CREATE_PIT2 (in-kernel i8254) with default flags. Needs the in-kernel irqchip.</summary>
    public unsafe void CreatePit2()
    {
        var config = stackalloc byte[64]; // struct kvm_pit_config { __u32 flags; __u32 pad[15]; }
        new Span<byte>(config, 64).Clear();
        // SAFETY: config is a zeroed 64-byte stack buffer, the size of kvm_pit_config.
        Errno.Check(Libc.Ioctl(_fd, KVM_CREATE_PIT2, config), "KVM_CREATE_PIT2");
    }

    /// <summary>KVM_SIGNAL_MSI: true when delivered, false when the guest blocked it (ioctl returned 0).</summary>
    public unsafe bool SignalMsi(ulong address, uint data)
    {
        var msi = new kvm_msi { address_lo = (uint)address, address_hi = (uint)(address >> 32), data = data };
        // SAFETY: msi lives on the stack for the call.
        return Errno.Check(Libc.Ioctl(_fd, KVM_SIGNAL_MSI, &msi), "KVM_SIGNAL_MSI") > 0;
    }

    /// <summary>KVM_IRQ_LINE: drive a GSI (PIC/IOAPIC pin with the default routing) high or low.</summary>
    public unsafe void SetIrqLine(uint gsi, bool level)
    {
        var irq = new kvm_irq_level { irq = gsi, level = level ? 1u : 0u };
        // SAFETY: irq lives on the stack for the call.
        Errno.Check(Libc.Ioctl(_fd, KVM_IRQ_LINE, &irq), "KVM_IRQ_LINE");
    }

    /// <summary>
    /// KVM_SET_GSI_ROUTING with MSI routes. This replaces the whole table, including the default
    /// PIC/IOAPIC pin routes of the in-kernel irqchip (SetIrqLine then no longer reaches those pins).
    /// </summary>
    public unsafe void SetGsiRouting(ReadOnlySpan<KvmMsiRoute> routes)
    {
        int size = sizeof(kvm_irq_routing) + routes.Length * sizeof(kvm_irq_routing_entry);
        var buffer = new byte[size];
        fixed (byte* p = buffer)
        {
            ((kvm_irq_routing*)p)->nr = (uint)routes.Length;
            var entries = new Span<kvm_irq_routing_entry>(p + sizeof(kvm_irq_routing), routes.Length);
            for (int i = 0; i < routes.Length; i++)
            {
                entries[i].gsi = routes[i].Gsi;
                entries[i].type = KVM_IRQ_ROUTING_MSI;
                entries[i].u.msi.address_lo = (uint)routes[i].Address;
                entries[i].u.msi.address_hi = (uint)(routes[i].Address >> 32);
                entries[i].u.msi.data = routes[i].Data;
            }
            // SAFETY: buffer is pinned and holds the header plus nr entries.
            Errno.Check(Libc.Ioctl(_fd, KVM_SET_GSI_ROUTING, p), "KVM_SET_GSI_ROUTING");
        }
    }

    /// <summary>KVM_IRQFD: a write to <paramref name="eventFd"/> raises <paramref name="gsi"/> (edge) in the kernel.</summary>
    public void AddIrqfd(SafeHandle eventFd, uint gsi) => Irqfd(eventFd, gsi, 0, "KVM_IRQFD");

    /// <summary>KVM_IRQFD with KVM_IRQFD_FLAG_DEASSIGN.</summary>
    public void RemoveIrqfd(SafeHandle eventFd, uint gsi) =>
        Irqfd(eventFd, gsi, KVM_IRQFD_FLAG_DEASSIGN, "KVM_IRQFD(DEASSIGN)");

    private unsafe void Irqfd(SafeHandle eventFd, uint gsi, uint flags, string operation)
    {
        using var lease = new FdLease(eventFd);
        var irqfd = new kvm_irqfd { fd = (uint)lease.Fd, gsi = gsi, flags = flags };
        // SAFETY: irqfd lives on the stack; the lease keeps the eventfd open while the kernel takes its reference.
        Errno.Check(Libc.Ioctl(_fd, KVM_IRQFD, &irqfd), operation);
    }

    /// <summary>
    /// KVM_IOEVENTFD: a guest write of <paramref name="length"/> bytes (1, 2, 4, 8) to
    /// <paramref name="address"/> (a port when <paramref name="portIo"/>, else MMIO) signals
    /// <paramref name="eventFd"/> in the kernel instead of exiting; only for <paramref name="dataMatch"/> if given.
    /// </summary>
    public void AddIoeventfd(SafeHandle eventFd, ulong address, uint length, bool portIo, ulong? dataMatch) =>
        Ioeventfd(eventFd, address, length, portIo, dataMatch, 0, "KVM_IOEVENTFD");

    /// <summary>KVM_IOEVENTFD with KVM_IOEVENTFD_FLAG_DEASSIGN; the arguments must match the registration.</summary>
    public void RemoveIoeventfd(SafeHandle eventFd, ulong address, uint length, bool portIo, ulong? dataMatch) =>
        Ioeventfd(eventFd, address, length, portIo, dataMatch, KVM_IOEVENTFD_FLAG_DEASSIGN, "KVM_IOEVENTFD(DEASSIGN)");

    private unsafe void Ioeventfd(SafeHandle eventFd, ulong address, uint length, bool portIo, ulong? dataMatch,
        uint flags, string operation)
    {
        using var lease = new FdLease(eventFd);
        if (portIo) flags |= KVM_IOEVENTFD_FLAG_PIO;
        if (dataMatch.HasValue) flags |= KVM_IOEVENTFD_FLAG_DATAMATCH;
        var io = new kvm_ioeventfd
        {
            datamatch = dataMatch ?? 0,
            addr = address,
            len = length,
            fd = lease.Fd,
            flags = flags,
        };
        // SAFETY: io lives on the stack; the lease keeps the eventfd open during the call.
        Errno.Check(Libc.Ioctl(_fd, KVM_IOEVENTFD, &io), operation);
    }
}
