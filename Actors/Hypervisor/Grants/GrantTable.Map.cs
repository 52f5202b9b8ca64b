using Disagg.Actors.Hypervisor.Memory;
using Disagg.Xen;

namespace Disagg.Actors.Hypervisor.Grants;

// The mapper's side: map_grant_ref / unmap_grant_ref for an HVM or PVH guest (the grant lands in the
// guest's physmap at host_addr, as create_grant_p2m_mapping does), plus mappings for process domains,
// which get the page's memfd backing instead. "this" is current->domain: the mapping domain.
public sealed partial class GrantTable
{
    /// <summary>Maptrack entries: max_maptrack_frames (libxl and Xen default 1024) x MAPTRACK_PER_PAGE (256).</summary>
    const int MaxMaptrack = 1024 * 256;

    readonly List<MapTrack?> _maptrack = new();
    readonly PriorityQueue<uint, uint> _freeHandles = new();

    sealed class MapTrack
    {
        public GrantMapFlags Flags;
        public uint Ref;
        public ushort Domid;
        public required GrantTable Granter;
        public ulong GranterGfn;
        public ulong HostGfn = InvalidGfn;
        public bool Process;
    }

    internal void Map(ref GnttabMapGrantRef op)
    {
        var flags = (GrantMapFlags)op.flags;
        if ((flags & (GrantMapFlags.DeviceMap | GrantMapFlags.HostMap)) == 0) { op.status = (short)GrantStatus.BadGntref; return; }
        // paging_mode_external: no device, application or PTE mappings in an HVM domain.
        if ((flags & (GrantMapFlags.DeviceMap | GrantMapFlags.ApplicationMap | GrantMapFlags.ContainsPte)) != 0)
        {
            op.status = (short)GrantStatus.GeneralError;
            return;
        }
        if (!_directory.TryGet(op.dom, out var rd)) { op.status = (short)GrantStatus.BadDomain; return; }
        if (!TryAllocHandle(out var handle)) { op.status = (short)GrantStatus.NoDeviceSpace; return; }

        var readOnly = (flags & GrantMapFlags.Readonly) != 0;
        var st = rd.Pin(op.@ref, DomId, readOnly, mapping: true, forCopy: false, out var pinned);
        if (st == GrantStatus.Okay)
            st = MapIntoPhysmap(op.host_addr, flags, rd, op.@ref, pinned, handle);
        if (st != GrantStatus.Okay)
        {
            FreeHandle(handle);
            op.status = (short)st;
            return;
        }
        op.dev_bus_addr = pinned.Gfn << PageShift;
        op.handle = handle;
        op.status = (short)GrantStatus.Okay;
    }

    // create_grant_p2m_mapping, then the maptrack entry; on failure the pin is dropped again (undo_out).
    GrantStatus MapIntoPhysmap(ulong hostAddr, GrantMapFlags flags, GrantTable rd, uint gref, PinnedFrame pinned, uint handle)
    {
        var readOnly = (flags & GrantMapFlags.Readonly) != 0;
        var st = GrantStatus.Okay;
        lock (_lock)
        {
            var gfn = hostAddr >> PageShift;
            if ((flags & ~GrantMapFlags.Readonly) != GrantMapFlags.HostMap || _dying)
                st = GrantStatus.GeneralError;
            // IGuestPhysicalMemory maps foreign pages writable only: a grant the granter made read-only
            // cannot be honoured in our physmap, so it is refused rather than mapped writable.
            else if (pinned.GrantReadOnly)
                st = GrantStatus.GeneralError;
            // A grant frame of ours must stay our own page (see MapFrame).
            else if (HostsGrantFrame(gfn))
                st = GrantStatus.GeneralError;
            else if (!_memory.TryMapForeignPage(gfn, pinned.Backing))
                st = GrantStatus.GeneralError;
            else
                _maptrack[(int)handle] = new MapTrack
                {
                    Flags = flags, Ref = gref, Domid = rd.DomId, Granter = rd, GranterGfn = pinned.Gfn, HostGfn = gfn,
                };
        }
        if (st != GrantStatus.Okay) rd.Unpin(gref, readOnly, forCopy: false);
        return st;
    }

    internal void Unmap(ref GnttabUnmapGrantRef op)
    {
        MapTrack mt;
        var done = false;
        lock (_lock)
        {
            if (op.handle >= (uint)_maptrack.Count || _maptrack[(int)op.handle] is not { } found)
            {
                op.status = (short)GrantStatus.BadHandle;
                return;
            }
            mt = found;
            if (op.dev_bus_addr != 0 && op.dev_bus_addr != mt.GranterGfn << PageShift)
            {
                op.status = (short)GrantStatus.GeneralError;
                return;
            }
            if (op.host_addr != 0 && (mt.Flags & GrantMapFlags.HostMap) != 0)
            {
                // replace_grant_p2m_mapping: host_addr must be where this grant is mapped.
                if (mt.Process || op.host_addr >> PageShift != mt.HostGfn || !_memory.TryRestorePage(mt.HostGfn))
                {
                    op.status = (short)GrantStatus.GeneralError;
                    return;
                }
                mt.Flags &= ~GrantMapFlags.HostMap;
                done = true;
            }
            if ((mt.Flags & (GrantMapFlags.DeviceMap | GrantMapFlags.HostMap)) == 0) FreeHandle(op.handle);
        }
        if (done) mt.Granter.Unpin(mt.Ref, (mt.Flags & GrantMapFlags.Readonly) != 0, forCopy: false);
        op.status = (short)GrantStatus.Okay;
    }

    /// <summary>Maps a grant for a process domain (hypercall socket): pins it and keeps a maptrack entry; the
    /// caller shares <paramref name="backing"/> (memfd page) with the process instead of touching a physmap.</summary>
    /// <returns>A GNTST_* status, as map_grant_ref reports it.</returns>
    public GrantStatus MapGrantForProcess(ushort granterDom, uint gref, bool readOnly, out uint handle, out PageBacking backing)
    {
        backing = default;
        handle = 0;
        if (!_directory.TryGet(granterDom, out var rd)) return GrantStatus.BadDomain;
        if (!TryAllocHandle(out var h)) return GrantStatus.NoDeviceSpace;
        var st = rd.Pin(gref, DomId, readOnly, mapping: true, forCopy: false, out var pinned);
        if (st != GrantStatus.Okay) { FreeHandle(h); return st; }
        var recorded = false;
        lock (_lock)
        {
            if (!_dying)
            {
                _maptrack[(int)h] = new MapTrack
                {
                    Flags = GrantMapFlags.HostMap | (readOnly ? GrantMapFlags.Readonly : 0),
                    Ref = gref, Domid = rd.DomId, Granter = rd, GranterGfn = pinned.Gfn, Process = true,
                };
                recorded = true;
            }
        }
        if (!recorded)
        {
            rd.Unpin(gref, readOnly, forCopy: false);
            return GrantStatus.GeneralError;
        }
        handle = h;
        backing = pinned.Backing;
        return GrantStatus.Okay;
    }

    /// <summary>Undoes <see cref="MapGrantForProcess"/> once the process has unmapped the page.</summary>
    public GrantStatus UnmapGrantForProcess(uint handle)
    {
        MapTrack mt;
        lock (_lock)
        {
            if (handle >= (uint)_maptrack.Count || _maptrack[(int)handle] is not { Process: true } found)
                return GrantStatus.BadHandle;
            mt = found;
            FreeHandle(handle);
        }
        mt.Granter.Unpin(mt.Ref, (mt.Flags & GrantMapFlags.Readonly) != 0, forCopy: false);
        return GrantStatus.Okay;
    }

    // gnttab_release_mappings, plus putting our own pages back under the foreign ones.
    void ReleaseMappings()
    {
        List<MapTrack> live;
        lock (_lock)
        {
            live = _maptrack.OfType<MapTrack>().ToList();
            foreach (var mt in live)
                if (!mt.Process && (mt.Flags & GrantMapFlags.HostMap) != 0) _memory.TryRestorePage(mt.HostGfn);
            _maptrack.Clear();
            _freeHandles.Clear();
        }
        foreach (var mt in live)
            if ((mt.Flags & (GrantMapFlags.HostMap | GrantMapFlags.DeviceMap)) != 0)
                mt.Granter.Unpin(mt.Ref, (mt.Flags & GrantMapFlags.Readonly) != 0, forCopy: false);
    }

    // Caller holds the lock.
    bool HostsForeignGrant(ulong gfn)
    {
        foreach (var mt in _maptrack)
            if (mt is { Process: false } && mt.HostGfn == gfn && (mt.Flags & GrantMapFlags.HostMap) != 0) return true;
        return false;
    }

    bool HostsGrantFrame(ulong gfn)
    {
        for (var i = 0; i < _nrFrames; i++)
            if (_frames[i].Gfn == gfn) return true;
        return false;
    }

    // get_maptrack_handle: the lowest free handle; a handle stays reserved (null entry) until the map completes.
    bool TryAllocHandle(out uint handle)
    {
        lock (_lock)
        {
            if (_freeHandles.TryDequeue(out handle, out _)) return true;
            if (_dying || _maptrack.Count >= MaxMaptrack) { handle = 0; return false; }
            handle = (uint)_maptrack.Count;
            _maptrack.Add(null);
            return true;
        }
    }

    void FreeHandle(uint handle)
    {
        lock (_lock)
        {
            if (handle >= (uint)_maptrack.Count) return;
            _maptrack[(int)handle] = null;
            _freeHandles.Enqueue(handle, handle);
        }
    }
}
