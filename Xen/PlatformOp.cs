namespace Disagg.Xen;

/// <summary>XENPF_* commands of __HYPERVISOR_platform_op (platform.h).</summary>
/// <remarks>XENPF_INTERFACE_VERSION is in <see cref="PlatformOp"/>.</remarks>
public enum PlatformOpCmd : int
{
    /// <summary>XENPF_settime32</summary>
    Settime32 = 17,
    /// <summary>XENPF_settime64</summary>
    Settime64 = 62,
    /// <summary>XENPF_add_memtype</summary>
    AddMemtype = 31,
    /// <summary>XENPF_del_memtype</summary>
    DelMemtype = 32,
    /// <summary>XENPF_read_memtype</summary>
    ReadMemtype = 33,
    /// <summary>XENPF_microcode_update</summary>
    MicrocodeUpdate = 35,
    /// <summary>XENPF_platform_quirk</summary>
    PlatformQuirk = 39,
    /// <summary>XENPF_efi_runtime_call</summary>
    EfiRuntimeCall = 49,
    /// <summary>XENPF_firmware_info</summary>
    FirmwareInfo = 50,
    /// <summary>XENPF_enter_acpi_sleep</summary>
    EnterAcpiSleep = 51,
    /// <summary>XENPF_change_freq</summary>
    ChangeFreq = 52,
    /// <summary>XENPF_getidletime</summary>
    Getidletime = 53,
    /// <summary>XENPF_set_processor_pminfo</summary>
    SetProcessorPminfo = 54,
    /// <summary>XENPF_get_cpuinfo</summary>
    GetCpuinfo = 55,
    /// <summary>XENPF_get_cpu_version</summary>
    GetCpuVersion = 48,
    /// <summary>XENPF_cpu_online</summary>
    CpuOnline = 56,
    /// <summary>XENPF_cpu_offline</summary>
    CpuOffline = 57,
    /// <summary>XENPF_cpu_hotadd</summary>
    CpuHotadd = 58,
    /// <summary>XENPF_mem_hotadd</summary>
    MemHotadd = 59,
    /// <summary>XENPF_core_parking</summary>
    CoreParking = 60,
    /// <summary>XENPF_resource_op</summary>
    ResourceOp = 61,
    /// <summary>XENPF_get_symbol</summary>
    GetSymbol = 63,
}

/// <summary>Platform-op constants.</summary>
public static class PlatformOp
{
    /// <summary>XENPF_INTERFACE_VERSION</summary>
    public const uint InterfaceVersion = 0x3000001U;
}
