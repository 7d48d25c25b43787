namespace Vigil.Data.Audit;

/// <summary>Turns drafts into the chain's next entries after its last one: a sequence number each, one time for the
/// batch, each hashed over the entry before. The one place entries are made, for a save's own append
/// (<see cref="AuditInterceptor"/>), whether they go with the save's own rows or after them.</summary>
internal static class AuditLinks
{
    /// <param name="actor">Who acted for drafts that do not name their own actor (the saving context's).</param>
    public static (List<AuditEntry> Entries, AuditHead Head) Make(
        AuditHasher hasher, TimeProvider clock, string actor, ChainHead? last, IReadOnlyList<AuditDraft> drafts)
    {
        var sequence = last?.Sequence ?? 0;
        var previous = last?.Hash ?? AuditHasher.Genesis;
        if (sequence == 0) hasher.EnsureKeyForNewChain();
        var at = AuditHasher.Truncate(clock.GetUtcNow().UtcDateTime);
        var entries = new List<AuditEntry>(drafts.Count);
        using var session = hasher.StartSession();
        foreach (var draft in drafts)
        {
            var entry = new AuditEntry
            {
                Sequence = ++sequence, At = at, Actor = draft.Actor ?? actor, Action = draft.Action,
                EntityType = draft.EntityType, EntityId = draft.EntityId, CaseId = draft.CaseId,
                Changes = draft.Details, PreviousHash = previous,
            };
            entry.Hash = session.Hash(entry);
            previous = entry.Hash;
            entries.Add(entry);
        }
        return (entries, new AuditHead(sequence, previous, hasher.KeyId));
    }
}
