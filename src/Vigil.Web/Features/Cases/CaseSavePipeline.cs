using Vigil.Data.Diagnostics;

namespace Vigil.Web.Features.Cases;

/// <summary>One save of one or more cases. <see cref="Stage"/> applies the change to the context through a
/// <see cref="CaseWriter"/> of the save's kind and returns the cases it touched; <see cref="Persist"/> writes them
/// (SaveChanges unless a bulk path brings its own, e.g. PostgreSQL COPY for a large import).</summary>
public sealed record CaseSave(CaseChangeKind Kind, Func<CaseWriter, CancellationToken, Task<IReadOnlyList<DeathCase>>> Stage)
{
    public Func<VigilDbContext, CancellationToken, Task>? Persist { get; init; }

    /// <summary>Existing cases the save is known to change before it stages anything (an edit's one case): the gates
    /// are asked about them first, in the save's transaction, so the caller need not ask as well (ADR 2493).</summary>
    public IReadOnlyCollection<Guid> Known { get; init; } = [];
}

/// <summary>The one way cases are saved, for forms, API and import alike: begin → stage → gates → before-save hooks
/// (in <see cref="ICaseChangeHook.Order"/>) → persist → commit → after-save hooks. A new path (a bulk import, an
/// outbox written by a before-save hook) plugs in here instead of writing the sequence again. See docs/architecture.md.</summary>
public sealed class CaseSavePipeline(VigilDbContext db, TimeProvider clock, IEnumerable<ICaseChangeHook> hooks, IEnumerable<ICaseChangeGate> gates)
{
    public IReadOnlyList<ICaseChangeHook> Hooks { get; } =
        [.. hooks.OrderBy(h => h.Order).ThenBy(h => h.GetType().FullName, StringComparer.Ordinal)];

    /// <summary>Runs the save and returns the cases it touched. A stale version surfaces as
    /// <see cref="DbUpdateConcurrencyException"/> (nothing is written); a gated case as <see cref="CaseChangeRefusedException"/>.</summary>
    public async Task<IReadOnlyList<DeathCase>> SaveAsync(CaseSave save, CancellationToken ct)
    {
        IReadOnlyList<DeathCase> cases;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await RefuseAsync(save.Known, ct);
            using (StageClock.Measure("stage")) cases = [.. (await save.Stage(new CaseWriter(db, clock, save.Kind), ct)).Distinct()];
            // An import batch whose every line was unchanged or refused stages no case and changes nothing: no scan of
            // the cases it loaded to compare, no hooks, no write (ADR 1630). Other saves always stage their case.
            if (cases.Count == 0 && save.Kind == CaseChangeKind.Imported)
            {
                await tx.CommitAsync(ct);
                return cases;
            }
            db.DetectChangesBeforeHooks();
            await RefuseAsync([.. cases.Where(c => !db.IsAdded(c) && !save.Known.Contains(c.Id)).Select(c => c.Id)], ct);
            foreach (var hook in Hooks)
                using (StageClock.Measure("before-save " + hook.GetType().Name)) await hook.BeforeSaveAsync(db, cases, save.Kind, ct);
            // A plain save's next step is the commit: on PostgreSQL it goes with the audit rows, in their round trip (ADR 1605).
            db.CommitWithAudit = save.Persist is null;
            try
            {
                using (StageClock.Measure("persist (audit and write)")) await (save.Persist ?? SaveChangesAsync)(db, ct);
            }
            finally
            {
                db.CommitWithAudit = false;
            }
            if (!db.TakeCommittedWithAudit())
                using (StageClock.Measure("commit")) await tx.CommitAsync(ct);
        }
        foreach (var hook in Hooks)
            using (StageClock.Measure("after-save " + hook.GetType().Name)) await hook.AfterSaveAsync(cases, save.Kind, ct);
        return cases;
    }

    /// <summary>Which of these existing cases may not change now, and why: ask before staging to refuse politely
    /// (a 409, a rejected import line); <see cref="SaveAsync"/> asks again so that no path can skip it.</summary>
    public async Task<IReadOnlyDictionary<Guid, string>> RefusalsAsync(IReadOnlyCollection<Guid> caseIds, CancellationToken ct)
    {
        var refused = new Dictionary<Guid, string>();
        if (caseIds.Count == 0) return refused;
        foreach (var gate in gates)
            foreach (var (id, why) in await gate.RefusalsAsync(caseIds, ct)) refused.TryAdd(id, why);
        return refused;
    }

    private async Task RefuseAsync(IReadOnlyCollection<Guid> existing, CancellationToken ct)
    {
        var refused = await RefusalsAsync(existing, ct);
        if (refused.Count > 0) throw new CaseChangeRefusedException(refused);
    }

    /// <summary>The save in the pipeline's own transaction, without EF's savepoint around it: a save that fails throws
    /// out of <see cref="SaveAsync"/>, whose transaction then rolls back whole, so the savepoint (SAVEPOINT and RELEASE,
    /// two statements and round trips every save) guarded nothing (ADR 2492, as ADR 2434 for the audit's own).</summary>
    private static async Task SaveChangesAsync(VigilDbContext db, CancellationToken ct)
    {
        var savepoints = db.Database.AutoSavepointsEnabled;
        db.Database.AutoSavepointsEnabled = false;
        try { await db.SaveChangesAsync(ct); }
        finally { db.Database.AutoSavepointsEnabled = savepoints; }
    }
}

/// <summary>A save touched a case a gate refuses to change (nothing was written).</summary>
public sealed class CaseChangeRefusedException(IReadOnlyDictionary<Guid, string> refused)
    : Shared.RefusedException(Shared.Refusal.Conflict(string.Join(" ", refused.Values.Distinct(StringComparer.Ordinal))))
{
    public IReadOnlyDictionary<Guid, string> Refused { get; } = refused;
}
