using Microsoft.EntityFrameworkCore.ChangeTracking;
using Vigil.Data.People;

namespace Vigil.Data.Audit;

/// <summary>A save's audit drafts: one per changed entity, except that the children of a case created in the same save
/// (people, exhibits, toxicology, timeline) are folded into the case's own "create" entry. Cases staged untracked
/// (ADR 2251) come first, as they would in the tracker (an import stages them before its hooks add rows), each
/// written from its rows exactly as the tracked path writes it.</summary>
internal static class AuditCollect
{
    /// <summary>Every draft of the save, in order.</summary>
    public static List<AuditDraft> All(VigilDbContext db)
    {
        var (staged, tracked) = Parts(db);
        var drafts = staged.Drafts(staged.WriteJson(CancellationToken.None), staged.Count + tracked.Count);
        drafts.AddRange(tracked);
        return drafts;
    }

    /// <summary>The drafts in two parts, everything that reads the change tracker done here, on the saving thread: the
    /// staged cases' (<see cref="StagedAudit"/>, their JSON still to write) and the tracked changes' (written), which
    /// follow them.</summary>
    public static (StagedAudit Staged, List<AuditDraft> Tracked) Parts(VigilDbContext db)
    {
        var entries = db.ChangeTracker.Entries()
            // Owned types (the deceased) are described with their owner, whose Version is bumped on every edit.
            // The log's own rows (entries, tree nodes, signed heads) are the record, not changes to record.
            .Where(e => e.Entity is not (IAuditLogRow or INotAudited) && !e.Metadata.IsOwned() && e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .ToList();
        var staged = db.StagedCases.Cases;
        var newCases = entries.Where(e => e.Entity is DeathCase && e.State == EntityState.Added)
            .ToDictionary(e => ((DeathCase)e.Entity).Id, _ => new List<AuditChange>());
        foreach (var c in staged) newCases[c.Id] = [];
        var drafts = new List<(AuditChange Change, Guid? CaseId, List<Guid> Also)>();
        var foldedAlso = new Dictionary<Guid, List<Guid>>();
        // Shared people, phones and addresses first met in a new case are recorded inside that case's entry.
        var sharedOwner = SharedOwners(staged, entries);
        foreach (var e in entries)
        {
            var (caseId, also) = AuditSubjects.Of(e, db.ChangeTracker);
            if (caseId is null && e.State == EntityState.Added && e.Entity is Person or Phone or Address)
                caseId = sharedOwner.TryGetValue((Guid)e.Property("Id").CurrentValue!, out var owner) ? owner : null;
            if (e.State == EntityState.Added && e.Entity is not DeathCase && caseId is { } id && newCases.TryGetValue(id, out var children))
            {
                children.Add(new AuditChange(e, e.Metadata.ClrType.Name));
                if (also.Count > 0) (foldedAlso.TryGetValue(id, out var list) ? list : foldedAlso[id] = []).AddRange(also);
                continue;
            }
            drafts.Add((new AuditChange(e, null), caseId, [.. also]));
        }
        var json = new AuditChangesJson();
        var stagedAudit = Staged(db, json, newCases, foldedAlso);
        // The changes are described once every child is known (a case's children may follow it in the tracker).
        var tracked = drafts.Select(d =>
        {
            var entry = d.Change.Entry!;
            if (entry.Entity is DeathCase c && newCases.TryGetValue(c.Id, out var children) && children.Count > 0)
                d.Change.Children = children;
            if (entry.Entity is DeathCase folded && foldedAlso.TryGetValue(folded.Id, out var alsoChildren)) d.Also.AddRange(alsoChildren);
            return new AuditDraft(ActionOf(entry.State), entry.Metadata.ClrType.Name, KeyOf(entry), d.CaseId, json.Write(d.Change))
                { AlsoCases = d.Also.Where(x => x != d.CaseId).Distinct().ToList() };
        }).ToList();
        return (stagedAudit, tracked);
    }

    /// <summary>The staged cases' part: their tracked children written now (they are entries), their rows as they are.</summary>
    private static StagedAudit Staged(VigilDbContext db, AuditChangesJson json, Dictionary<Guid, List<AuditChange>> newCases,
        Dictionary<Guid, List<Guid>> foldedAlso)
    {
        var staged = db.StagedCases.Cases;
        var (rows, starts) = db.StagedCases.AllRows(db.Model);
        var tracked = new List<(AuditChange, bool)>?[staged.Count];
        var also = new List<Guid>[staged.Count];
        for (var i = 0; i < staged.Count; i++)
        {
            var id = staged[i].Id;
            also[i] = foldedAlso.TryGetValue(id, out var alsoChildren) ? alsoChildren.Where(x => x != id).Distinct().ToList() : [];
            if (newCases[id] is not { Count: > 0 } children) continue;
            tracked[i] = [.. children.Select(t => (new AuditChange(t.Metadata, json.Render(t)), t.Entry!.Entity is Person or Phone or Address))];
        }
        return new StagedAudit(staged, rows, starts, tracked, also);
    }

    /// <summary>Which new case each shared person, phone and address a new link points at was first met in: the first
    /// link naming it, staged cases' links first (they were tracked first), then the tracker's.</summary>
    private static Dictionary<Guid, Guid> SharedOwners(IReadOnlyList<DeathCase> staged, List<EntityEntry> entries)
    {
        var owners = new Dictionary<Guid, Guid>();
        foreach (var c in staged)
            foreach (var link in c.People) Own(owners, link);
        foreach (var e in entries)
            if (e.Entity is CasePerson link && e.State == EntityState.Added) Own(owners, link);
        return owners;
    }

    private static void Own(Dictionary<Guid, Guid> owners, CasePerson link)
    {
        owners.TryAdd(link.PersonId, link.CaseId);
        if (link.PhoneId is { } phone) owners.TryAdd(phone, link.CaseId);
        if (link.AddressId is { } address) owners.TryAdd(address, link.CaseId);
    }

    private static string ActionOf(EntityState state) => state switch
    {
        EntityState.Added => "create",
        EntityState.Deleted => "delete",
        _ => "update",
    };

    private static string KeyOf(EntityEntry e)
    {
        var key = e.Metadata.FindPrimaryKey();
        return key is null ? "" : string.Join("/", key.Properties.Select(p => Convert.ToString(e.Property(p.Name).CurrentValue, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
