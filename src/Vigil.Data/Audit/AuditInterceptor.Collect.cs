using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Vigil.Data.People;

namespace Vigil.Data.Audit;

/// <summary>What a save changed, described as audit drafts: the interceptor's reading of the tracker (and of the cases
/// staged untracked), apart from how the drafts are chained and written.</summary>
public sealed partial class AuditInterceptor
{
    /// <summary>One draft per changed entity, except that the children of a case created in the same save
    /// (people, exhibits, toxicology, timeline) are folded into the case's own "create" entry. Cases staged untracked
    /// (ADR 2251) come first, as they would in the tracker (an import stages them before its hooks add rows), each
    /// written from its rows exactly as the tracked path writes it.</summary>
    internal static List<AuditDraft> Collect(VigilDbContext db)
    {
        var entries = db.ChangeTracker.Entries()
            // Owned types (the deceased) are described with their owner, whose Version is bumped on every edit.
            // The log's own rows (entries, tree nodes, signed heads) are the record, not changes to record.
            .Where(e => e.Entity is not (IAuditLogRow or INotAudited) && !e.Metadata.IsOwned() && e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Where(e => !OnlyBookkeepingChanged(e))
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
        var result = new List<AuditDraft>(staged.Count + drafts.Count);
        var (rows, starts) = db.StagedCases.AllRows(db.Model);
        for (var i = 0; i < staged.Count; i++)
        {
            var c = staged[i];
            var change = new AuditChange(rows[starts[i]].Type, c, null) { Children = StagedChildren(rows, starts[i], starts[i + 1], newCases[c.Id]) };
            var also = foldedAlso.TryGetValue(c.Id, out var alsoChildren) ? alsoChildren.Where(x => x != c.Id).Distinct().ToList() : [];
            result.Add(new AuditDraft("create", nameof(DeathCase), Convert.ToString(c.Id, System.Globalization.CultureInfo.InvariantCulture)!, c.Id, json.Write(change))
                { AlsoCases = also });
        }
        // The changes are described once every child is known (a case's children may follow it in the tracker).
        result.AddRange(drafts.Select(d =>
        {
            var entry = d.Change.Entry!;
            if (entry.Entity is DeathCase c && newCases.TryGetValue(c.Id, out var children) && children.Count > 0)
                d.Change.Children = children;
            if (entry.Entity is DeathCase folded && foldedAlso.TryGetValue(folded.Id, out var alsoChildren)) d.Also.AddRange(alsoChildren);
            return new AuditDraft(ActionOf(entry.State), entry.Metadata.ClrType.Name, KeyOf(entry), d.CaseId, json.Write(d.Change))
                { AlsoCases = d.Also.Where(x => x != d.CaseId).Distinct().ToList() };
        }));
        return result;
    }

    /// <summary>A staged case's children in the tracked path's order: the shared people, phones and addresses its
    /// people created (tracked while the case was built, so before its graph was attached), then its own rows in
    /// attach order, then what the hooks added for it (its actions and reviews).</summary>
    private static List<AuditChange>? StagedChildren(List<(IEntityType Type, object Row)> rows, int start, int end, List<AuditChange> tracked)
    {
        if (tracked.Count == 0 && end - start == 1) return null;
        var children = new List<AuditChange>(tracked.Count + end - start - 1);
        foreach (var t in tracked)
            if (t.Entry!.Entity is Person or Phone or Address) children.Add(t);
        for (var r = start + 1; r < end; r++) children.Add(new AuditChange(rows[r].Type, rows[r].Row, rows[r].Type.ClrType.Name));
        foreach (var t in tracked)
            if (t.Entry!.Entity is not (Person or Phone or Address)) children.Add(t);
        return children;
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

    /// <summary>A row saved only to move a token that is not audited (a decision's <c>DecisionVersion</c> on its case):
    /// the decision's own row is the entry; the case's would be an empty one (ADR 3246).</summary>
    private static bool OnlyBookkeepingChanged(EntityEntry e)
    {
        if (e.State != EntityState.Modified) return false;
        var modified = e.Properties.Where(p => p.IsModified).ToList();
        return modified.Count > 0 && modified.All(p => p.Metadata.IsNotAudited());
    }
}
