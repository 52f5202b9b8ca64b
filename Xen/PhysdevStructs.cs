using System.Runtime.InteropServices;

namespace Disagg.Xen;

// PHYSDEVOP_* arguments a guest uses at boot (xen/physdev.h).

/// <summary>struct physdev_eoi</summary>
[StructLayout(LayoutKind.Sequential)]
public struct PhysdevEoi
{
    /// <summary>IN: IRQ</summary>
    public uint irq;
}

/// <summary>struct physdev_pirq_eoi_gmfn</summary>
[StructLayout(LayoutKind.Sequential)]
public struct PhysdevPirqEoiGmfn
{
    /// <summary>IN: frame of the PIRQ EOI bitmap</summary>
    public ulong gmfn;
}

/// <summary>struct physdev_pirq_eoi_gmfn</summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
public struct PhysdevPirqEoiGmfn32
{
    /// <summary>IN: frame of the PIRQ EOI bitmap</summary>
    public uint gmfn;
}

/// <summary>struct physdev_irq_status_query</summary>
[StructLayout(LayoutKind.Sequential)]
public struct PhysdevIrqStatusQuery
{
    /// <summary>IN: IRQ</summary>
    public uint irq;
    /// <summary>OUT: XENIRQSTAT_*</summary>
    public uint flags;
}

/// <summary>struct physdev_set_iopl</summary>
[StructLayout(LayoutKind.Sequential)]
public struct PhysdevSetIopl
{
    /// <summary>IN: I/O privilege level</summary>
    public uint iopl;
}

/// <summary>struct physdev_map_pirq</summary>
[StructLayout(LayoutKind.Sequential)]
public struct PhysdevMapPirq
{
    /// <summary>IN: domain</summary>
    public ushort domid;
    /// <summary>IN: MAP_PIRQ_TYPE_*</summary>
    public int type;
    /// <summary>IN: GSI or MSI index</summary>
    public int index;
    /// <summary>IN/OUT: pirq</summary>
    public int pirq;
    /// <summary>IN: PCI bus</summary>
    public int bus;
    /// <summary>IN: PCI devfn</summary>
    public int devfn;
    /// <summary>IN: MSI-X entry or MSI count</summary>
    public int entry_nr;
    /// <summary>IN: MSI-X table base</summary>
    public ulong table_base;
}

/// <summary>struct physdev_map_pirq</summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
public struct PhysdevMapPirq32
{
    /// <summary>IN: domain</summary>
    public ushort domid;
    /// <summary>IN: MAP_PIRQ_TYPE_*</summary>
    public int type;
    /// <summary>IN: GSI or MSI index</summary>
    public int index;
    /// <summary>IN/OUT: pirq</summary>
    public int pirq;
    /// <summary>IN: PCI bus</summary>
    public int bus;
    /// <summary>IN: PCI devfn</summary>
    public int devfn;
    /// <summary>IN: MSI-X entry or MSI count</summary>
    public int entry_nr;
    /// <summary>IN: MSI-X table base</summary>
    public ulong table_base;
}

/// <summary>struct physdev_unmap_pirq</summary>
[StructLayout(LayoutKind.Sequential)]
public struct PhysdevUnmapPirq
{
    /// <summary>IN: domain</summary>
    public ushort domid;
    /// <summary>IN: pirq</summary>
    public int pirq;
}

/// <summary>struct physdev_get_free_pirq</summary>
[StructLayout(LayoutKind.Sequential)]
public struct PhysdevGetFreePirq
{
    /// <summary>IN: MAP_PIRQ_TYPE_*</summary>
    public int type;
    /// <summary>OUT: pirq</summary>
    public uint pirq;
}

/// <summary>struct physdev_setup_gsi</summary>
[StructLayout(LayoutKind.Sequential)]
public struct PhysdevSetupGsi
{
    /// <summary>IN: GSI</summary>
    public int gsi;
    /// <summary>IN: 0 edge, 1 level</summary>
    public byte triggering;
    /// <summary>IN: 0 high, 1 low</summary>
    public byte polarity;
}
