namespace Disagg.Xen;

#pragma warning disable IDE1006 // C names on purpose

/// <summary>Xen ELF note types (xen/include/public/elfnote.h, Xen 4.17); notes are named "Xen".</summary>
public static class ElfNote
{
    /// <summary>The note name every Xen note carries (namesz 4: "Xen\0").</summary>
    public const string XEN_ELFNOTE_NAME = "Xen";

    public const uint XEN_ELFNOTE_INFO = 0;
    /// <summary>Virtual entry point of a PV kernel (numeric).</summary>
    public const uint XEN_ELFNOTE_ENTRY = 1;
    /// <summary>Virtual address of the hypercall page (numeric).</summary>
    public const uint XEN_ELFNOTE_HYPERCALL_PAGE = 2;
    /// <summary>Virtual base the kernel is mapped at (numeric).</summary>
    public const uint XEN_ELFNOTE_VIRT_BASE = 3;
    /// <summary>Offset between virtual and physical addresses (numeric).</summary>
    public const uint XEN_ELFNOTE_PADDR_OFFSET = 4;
    /// <summary>Xen version the kernel was built for, "xen-3.0" (string).</summary>
    public const uint XEN_ELFNOTE_XEN_VERSION = 5;
    /// <summary>Guest OS name, e.g. "linux" (string).</summary>
    public const uint XEN_ELFNOTE_GUEST_OS = 6;
    /// <summary>Guest OS version (string).</summary>
    public const uint XEN_ELFNOTE_GUEST_VERSION = 7;
    /// <summary>Loader the image expects, "generic" (string).</summary>
    public const uint XEN_ELFNOTE_LOADER = 8;
    /// <summary>PAE mode: "yes", "no", "bimodal" (string).</summary>
    public const uint XEN_ELFNOTE_PAE_MODE = 9;
    /// <summary>Features as "name|!required_name" (string).</summary>
    public const uint XEN_ELFNOTE_FEATURES = 10;
    /// <summary>"yes" when the kernel wants its symbol table loaded (string).</summary>
    public const uint XEN_ELFNOTE_BSD_SYMTAB = 11;
    public const uint XEN_ELFNOTE_HV_START_LOW = 12;
    public const uint XEN_ELFNOTE_L1_MFN_VALID = 13;
    public const uint XEN_ELFNOTE_SUSPEND_CANCEL = 14;
    public const uint XEN_ELFNOTE_INIT_P2M = 15;
    public const uint XEN_ELFNOTE_MOD_START_PFN = 16;
    /// <summary>Bitmap of XENFEAT_* the kernel supports, 32-bit words (numeric array).</summary>
    public const uint XEN_ELFNOTE_SUPPORTED_FEATURES = 17;
    /// <summary>32-bit physical entry point of a PVH kernel (numeric).</summary>
    public const uint XEN_ELFNOTE_PHYS32_ENTRY = 18;
    public const uint XEN_ELFNOTE_MAX = XEN_ELFNOTE_PHYS32_ENTRY;

    public const uint XEN_ELFNOTE_CRASH_INFO = 0x1000001;
    public const uint XEN_ELFNOTE_CRASH_REGS = 0x1000002;
    public const uint XEN_ELFNOTE_DUMPCORE_NONE = 0x2000000;
    public const uint XEN_ELFNOTE_DUMPCORE_HEADER = 0x2000001;
    public const uint XEN_ELFNOTE_DUMPCORE_XEN_VERSION = 0x2000002;
    public const uint XEN_ELFNOTE_DUMPCORE_FORMAT_VERSION = 0x2000003;
}
