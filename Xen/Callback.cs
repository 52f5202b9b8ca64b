namespace Disagg.Xen;

/// <summary>CALLBACKTYPE_* (callback.h, x86).</summary>
public enum CallbackType : int
{
    /// <summary>CALLBACKTYPE_event</summary>
    Event = 0,
    /// <summary>CALLBACKTYPE_failsafe</summary>
    Failsafe = 1,
    /// <summary>CALLBACKTYPE_syscall</summary>
    Syscall = 2,
    /// <summary>CALLBACKTYPE_sysenter_deprecated</summary>
    SysenterDeprecated = 3,
    /// <summary>CALLBACKTYPE_nmi</summary>
    Nmi = 4,
    /// <summary>CALLBACKTYPE_sysenter</summary>
    Sysenter = 5,
    /// <summary>CALLBACKTYPE_syscall32</summary>
    Syscall32 = 7,
}

/// <summary>CALLBACKOP_* sub-commands of __HYPERVISOR_callback_op.</summary>
public enum CallbackOpCmd : int
{
    /// <summary>CALLBACKOP_register</summary>
    Register = 0,
    /// <summary>CALLBACKOP_unregister</summary>
    Unregister = 1,
}
