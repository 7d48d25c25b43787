using System.Collections.Concurrent;

namespace Vigil.Load;

/// <summary>Writes the server acknowledged (2xx). After the run each must be found in the store and in its case's
/// audit trail: an acknowledged write that is not there was lost.</summary>
public sealed class WriteLedger
{
    /// <summary>A case edit: its narrative was set to <paramref name="Marker"/>.</summary>
    public sealed record Edit(Guid CaseId, string Marker);

    /// <summary>An action (re)allocated to <paramref name="AllocatedTo"/>, a name used once.</summary>
    public sealed record Allocation(Guid CaseId, Guid ActionId, string AllocatedTo);

    /// <summary>An imported record, by its (source, ref).</summary>
    public sealed record Imported(string Source, string Ref);

    public ConcurrentBag<Edit> Edits { get; } = [];
    public ConcurrentBag<Allocation> Allocations { get; } = [];
    public ConcurrentBag<Imported> Imports { get; } = [];

    public int Count => Edits.Count + Allocations.Count + Imports.Count;
}
