namespace Vigil.Web.Features.Enquiries.Rules;

/// <summary>The cases `vigil rules apply` reads: every case, one team's, or one case (by reference).</summary>
public sealed record RulesApplyScope(Guid? TeamId = null, string? Reference = null);

/// <summary>Runs the rules in force over the store's open cases and raises, through the <see cref="CaseSavePipeline"/>,
/// the actions they call for that a case does not have: a rule shipped after a case was last saved is not silently
/// missing from it (ADR 3147). Keyset pages by id, so a million cases are never loaded at once; each page's cases
/// that gain actions are saved as one <see cref="CaseChangeKind.RulesApplied"/> save by <see cref="Actor"/>, their
/// versions checked, so a case edited meanwhile is read again rather than overwritten.</summary>
public sealed class RulesApply(IServiceScopeFactory scopes, TimeProvider clock)
{
    public const string Actor = "system:rules-apply";
    public const int DefaultBatchSize = 500;

    /// <summary>Tries of one case that keeps changing under the run before it is reported instead.</summary>
    internal const int MaxTries = 3;

    public async Task<RulesApplySummary> RunAsync(RulesApplyScope scope, bool dryRun, Action<RulesApplySummary>? progress, CancellationToken ct,
        int batchSize = DefaultBatchSize)
    {
        var summary = new RulesApplySummary();
        var started = clock.GetTimestamp();
        for (Guid? after = null; ;)
        {
            var (examined, toApply) = await ExamineAsync(scope, after, batchSize, summary, ct);
            if (examined is not { } last) break;
            after = last;
            if (dryRun) summary.Count(toApply);
            else if (toApply.Count > 0) await ApplyAsync([.. toApply.Select(u => u.Case.Id)], summary, ct);
            progress?.Invoke(summary);
        }
        if (!dryRun && summary.Changed > 0) await RecordRunAsync(summary, ct);
        summary.Elapsed = clock.GetElapsedTime(started);
        return summary;
    }

    /// <summary>One page of cases read without tracking: the last id read (null past the end), and the page's cases the
    /// rules would add actions to that no gate refuses. The refused (closed) ones are counted as skipped.</summary>
    private async Task<(Guid? Last, IReadOnlyList<(DeathCase Case, IReadOnlyList<RuleHit> Hits)> ToApply)> ExamineAsync(RulesApplyScope scope,
        Guid? after, int batchSize, RulesApplySummary summary, CancellationToken ct)
    {
        await using var services = scopes.CreateAsyncScope();
        var db = services.ServiceProvider.GetRequiredService<VigilDbContext>();
        var query = db.Cases.AsNoTracking();
        if (scope.TeamId is { } team) query = query.Where(c => c.TeamId == team);
        if (scope.Reference is { } reference) query = query.Where(c => c.Reference == reference);
        if (after is { } a) query = query.Where(c => c.Id > a);
        var page = await WithFacts(query.OrderBy(c => c.Id).Take(batchSize)).ToListAsync(ct);
        if (page.Count == 0) return (null, []);
        summary.Examined += page.Count;
        var unraised = await services.ServiceProvider.GetRequiredService<EnquiryRulesHook>().UnraisedAsync(db, page, ct);
        var refused = await services.ServiceProvider.GetRequiredService<CaseSavePipeline>().RefusalsAsync([.. unraised.Select(u => u.Case.Id)], ct);
        var (toApply, skipped) = RulesApplySummary.Split(unraised, refused);
        foreach (var (c, hits, why) in skipped) summary.Skip(c.Reference, why, hits);
        return (page[^1].Id, toApply);
    }

    /// <summary>What the rules read: the case's own facts, its people, toxicology and exhibits.</summary>
    private static IQueryable<DeathCase> WithFacts(IQueryable<DeathCase> cases) =>
        cases.Include(c => c.People).Include(c => c.Toxicology).Include(c => c.Exhibits).AsSplitQuery();

    private Task ApplyAsync(IReadOnlyList<Guid> ids, RulesApplySummary summary, CancellationToken ct) =>
        ApplyAsync(ids, summary, batch => SaveAsync(batch, ct), id => ReferenceAsync(id, ct));

    /// <summary>Saves the cases' missing actions in one save; when one of them changed or closed under it, each case
    /// alone, so the others still get theirs; a case refused by a gate is skipped with the gate's reason, and one still
    /// changing after <see cref="MaxTries"/> saves is reported (the summary's <see cref="RulesApplySummary.Failed"/>).</summary>
    internal static async Task ApplyAsync(IReadOnlyList<Guid> ids, RulesApplySummary summary,
        Func<IReadOnlyList<Guid>, Task<IReadOnlyList<(DeathCase Case, IReadOnlyList<RuleHit> Hits)>>> save, Func<Guid, Task<string>> reference, int tries = 1)
    {
        try
        {
            summary.Count(await save(ids));
        }
        catch (Exception ex) when (ex is DbUpdateException or CaseChangeRefusedException && ids.Count > 1)
        {
            foreach (var id in ids) await ApplyAsync([id], summary, save, reference);
        }
        catch (CaseChangeRefusedException refused)
        {
            summary.Skip(await reference(ids[0]), refused.Refused.Values.First(), []);
        }
        catch (DbUpdateException) when (tries < MaxTries)
        {
            await ApplyAsync(ids, summary, save, reference, tries + 1);
        }
        catch (DbUpdateException ex)
        {
            summary.Fail(await reference(ids[0]), $"changed by someone else {MaxTries} times while the rules were applied ({ex.GetBaseException().Message}); run again");
        }
    }

    /// <summary>The save: the cases read again, tracked, in the save's transaction; those the rules still add actions to
    /// are touched (a new version, so a concurrent edit of one fails one of the two saves instead of being overwritten)
    /// and the rules hook raises the actions, exactly as it would on an edit. Returns what was added.</summary>
    private async Task<IReadOnlyList<(DeathCase Case, IReadOnlyList<RuleHit> Hits)>> SaveAsync(IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        await using var services = scopes.CreateAsyncScope();
        var db = services.ServiceProvider.GetRequiredService<VigilDbContext>();
        db.ActAs(Actor);
        var hook = services.ServiceProvider.GetRequiredService<EnquiryRulesHook>();
        IReadOnlyList<(DeathCase Case, IReadOnlyList<RuleHit> Hits)> added = [];
        await services.ServiceProvider.GetRequiredService<CaseSavePipeline>().SaveAsync(new CaseSave(CaseChangeKind.RulesApplied, async (writer, ct) =>
        {
            var cases = await WithFacts(db.Cases.Where(c => ids.Contains(c.Id))).ToListAsync(ct);
            added = await hook.UnraisedAsync(db, cases, ct);
            foreach (var (c, _) in added) writer.Touch(c);
            return [.. added.Select(u => u.Case)];
        }) { Known = ids }, ct);
        return added;
    }

    private async Task<string> ReferenceAsync(Guid id, CancellationToken ct)
    {
        await using var services = scopes.CreateAsyncScope();
        return await services.ServiceProvider.GetRequiredService<VigilDbContext>().Cases.Where(c => c.Id == id).Select(c => c.Reference).SingleAsync(ct);
    }

    /// <summary>The run itself, by the operator who started it, beside the system's entries for each action: which rules
    /// and what they added (ADR 3147).</summary>
    private async Task RecordRunAsync(RulesApplySummary summary, CancellationToken ct)
    {
        await using var services = scopes.CreateAsyncScope();
        var db = services.ServiceProvider.GetRequiredService<VigilDbContext>();
        var rules = services.ServiceProvider.GetRequiredService<EnquiryRuleEngine>().Rules;
        db.RecordEvent("rules-applied", RulesApplySummary.AuditType, rules.Version, null, JsonSerializer.Serialize(new
        {
            rules = rules.Rules.Count, examined = summary.Examined, changed = summary.Changed, added = summary.AddedByRule,
        }));
        await db.SaveChangesAsync(ct);
    }
}
