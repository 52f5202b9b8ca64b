namespace Disagg.Xen;

/// <summary>VMASST_TYPE_* (__HYPERVISOR_vm_assist).</summary>
public enum VmAssistType : int
{
    /// <summary>VMASST_TYPE_4gb_segments</summary>
    Segments4gb = 0,
    /// <summary>VMASST_TYPE_4gb_segments_notify</summary>
    Segments4gbNotify = 1,
    /// <summary>VMASST_TYPE_writable_pagetables</summary>
    WritablePagetables = 2,
    /// <summary>VMASST_TYPE_pae_extended_cr3</summary>
    PaeExtendedCr3 = 3,
    /// <summary>VMASST_TYPE_architectural_iopl</summary>
    ArchitecturalIopl = 4,
    /// <summary>VMASST_TYPE_runstate_update_flag</summary>
    RunstateUpdateFlag = 5,
    /// <summary>VMASST_TYPE_m2p_strict</summary>
    M2pStrict = 32,
}

/// <summary>VMASST_CMD_* (__HYPERVISOR_vm_assist).</summary>
public enum VmAssistCmd : int
{
    /// <summary>VMASST_CMD_enable</summary>
    Enable = 0,
    /// <summary>VMASST_CMD_disable</summary>
    Disable = 1,
}
