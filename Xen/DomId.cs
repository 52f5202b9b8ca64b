namespace Disagg.Xen;

/// <summary>Special domain ids (domid_t, xen.h).</summary>
public static class DomId
{
    /// <summary>DOMID_FIRST_RESERVED</summary>
    public const ushort FirstReserved = 0x7FF0;
    /// <summary>DOMID_SELF</summary>
    public const ushort Self = 0x7FF0;
    /// <summary>DOMID_IO</summary>
    public const ushort Io = 0x7FF1;
    /// <summary>DOMID_XEN</summary>
    public const ushort Xen = 0x7FF2;
    /// <summary>DOMID_COW</summary>
    public const ushort Cow = 0x7FF3;
    /// <summary>DOMID_INVALID</summary>
    public const ushort Invalid = 0x7FF4;
    /// <summary>DOMID_IDLE</summary>
    public const ushort Idle = 0x7FFF;
    /// <summary>DOMID_MASK</summary>
    public const ushort Mask = 0x7FFF;
}
