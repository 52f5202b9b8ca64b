namespace Disagg.Xen;

/// <summary>HVMOP_* sub-commands of __HYPERVISOR_hvm_op.</summary>
public enum HvmOpCmd : int
{
    /// <summary>HVMOP_set_param</summary>
    SetParam = 0,
    /// <summary>HVMOP_get_param</summary>
    GetParam = 1,
    /// <summary>HVMOP_flush_tlbs</summary>
    FlushTlbs = 5,
    /// <summary>HVMOP_pagetable_dying</summary>
    PagetableDying = 9,
    /// <summary>HVMOP_get_time</summary>
    GetTime = 10,
    /// <summary>HVMOP_xentrace</summary>
    Xentrace = 11,
    /// <summary>HVMOP_set_mem_access</summary>
    SetMemAccess = 12,
    /// <summary>HVMOP_get_mem_access</summary>
    GetMemAccess = 13,
    /// <summary>HVMOP_get_mem_type</summary>
    GetMemType = 15,
    /// <summary>HVMOP_set_evtchn_upcall_vector</summary>
    SetEvtchnUpcallVector = 23,
    /// <summary>HVMOP_guest_request_vm_event</summary>
    GuestRequestVmEvent = 24,
    /// <summary>HVMOP_altp2m</summary>
    Altp2m = 25,
}
