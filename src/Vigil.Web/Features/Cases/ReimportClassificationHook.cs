namespace Vigil.Web.Features.Cases;

/// <summary>A re-import is the source's own record and may change the category (ADR 0203): publish that as decisions
/// publish theirs, so listeners (the family told, reviews rescheduled) act in the same transaction. An edit never
/// changes the category (<see cref="CaseWriter"/>).</summary>
public sealed class ReimportClassificationHook(CaseEvents events, IHttpContextAccessor http) : ICaseChangeHook
{
    public int Order => CaseHookOrder.Events;

    public async Task BeforeSaveAsync(VigilDbContext db, IReadOnlyList<DeathCase> cases, CaseChangeKind kind, CancellationToken ct)
    {
        if (kind != CaseChangeKind.Imported) return;
        foreach (var c in cases)
        {
            if (db.StagedCases.Contains(c)) continue; // new, untracked (ADR 2251): nothing was reclassified
            var entry = db.Entry(c);
            if (entry.State != EntityState.Modified) continue;
            var before = entry.Property(x => x.Classification).OriginalValue;
            if (string.Equals(before, c.Classification, StringComparison.Ordinal)) continue;
            var by = http.HttpContext?.User.Identity?.Name ?? "system";
            await events.PublishAsync(db, CaseEvent.ClassificationChanged(c.Id, before, c.Classification, by), ct);
        }
    }
}
