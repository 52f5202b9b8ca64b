using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Disagg.Actors.Hypervisor.Grants;

/// <summary>The host-wide registry of grant tables by domid (rcu_lock_domain_by_id for grant operations).</summary>
/// <remarks>
/// Lock order: a grant operation never holds two tables' locks at once. Map pins the granter's entry
/// under the granter's lock, then records the mapping under the mapper's lock; unmap does the reverse in
/// two separate steps; copy acquires and releases each side alone. Hence no deadlock between two domains
/// mapping or copying each other's grants.
/// </remarks>
public sealed class GrantTableDirectory
{
    readonly ConcurrentDictionary<ushort, GrantTable> _tables = new();

    /// <summary>The live table of a domain (a destroyed domain's table is gone).</summary>
    public bool TryGet(ushort domId, [MaybeNullWhen(false)] out GrantTable table) => _tables.TryGetValue(domId, out table);

    internal void Register(GrantTable table)
    {
        if (!_tables.TryAdd(table.DomId, table))
            throw new InvalidOperationException($"domain {table.DomId} already has a grant table");
    }

    internal void Unregister(GrantTable table) =>
        _tables.TryRemove(new KeyValuePair<ushort, GrantTable>(table.DomId, table));
}
