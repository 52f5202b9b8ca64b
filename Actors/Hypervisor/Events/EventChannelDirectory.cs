using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Disagg.Actors.Hypervisor.Events;

/// <summary>The host-wide registry of event channel tables by domid, so a bind can find its peer.</summary>
/// <remarks>
/// Lock order: an operation that changes ports of two domains (bind_interdomain, closing an interdomain
/// port, reset and destroy through close) takes both tables' locks, the lower domid first. No path takes
/// a table lock while holding another table's lock in the opposite order, and the send path takes none,
/// so two domains binding to or closing on each other at the same moment cannot deadlock.
/// </remarks>
public sealed class EventChannelDirectory
{
    readonly ConcurrentDictionary<ushort, EventChannelTable> _tables = new();

    /// <summary>The live table of a domain (a destroyed domain's table is gone).</summary>
    public bool TryGet(ushort domId, [MaybeNullWhen(false)] out EventChannelTable table) =>
        _tables.TryGetValue(domId, out table);

    /// <summary>Domids with a live table.</summary>
    public IReadOnlyCollection<ushort> DomIds => _tables.Keys.ToArray();

    internal void Register(EventChannelTable table)
    {
        if (!_tables.TryAdd(table.DomId, table))
            throw new InvalidOperationException($"domain {table.DomId} already has an event channel table");
    }

    internal void Unregister(EventChannelTable table) =>
        _tables.TryRemove(new KeyValuePair<ushort, EventChannelTable>(table.DomId, table));

    /// <summary>Runs <paramref name="action"/> holding both tables' locks, taken in domid order (once if the same table).</summary>
    internal static T WithBoth<T>(EventChannelTable a, EventChannelTable b, Func<T> action)
    {
        if (ReferenceEquals(a, b))
            lock (a.SyncRoot) return action();
        var (first, second) = a.DomId < b.DomId ? (a, b) : (b, a);
        lock (first.SyncRoot)
        lock (second.SyncRoot)
            return action();
    }
}
