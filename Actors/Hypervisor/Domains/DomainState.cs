namespace Disagg.Actors.Hypervisor.Domains;

/// <summary>Where a domain is in its life (what `xl list` shows as r/b/p/s/c/d).</summary>
public enum DomainState
{
    /// <summary>vCPUs may run (possibly blocked).</summary>
    Running,
    /// <summary>The guest shut itself down (SCHEDOP_shutdown) or crashed; the vCPUs are stopped; the domain waits to be destroyed.</summary>
    Shutdown,
    /// <summary>Being destroyed.</summary>
    Dying,
    /// <summary>Destroyed: every resource released.</summary>
    Dead,
}

