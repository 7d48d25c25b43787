using Vigil.Web.Features.Enquiries.Actions;

namespace Vigil.Web.Features.Enquiries.Rules;

/// <summary>Runs the enquiry rules on every created, edited or imported case, in the same transaction as the change:
/// a case is never saved without the actions its facts call for. Idempotent per (case, rule, fact).</summary>
public sealed class EnquiryRulesHook(EnquiryRuleEngine engine, IOptions<EnquiryOptions> settings, TimeProvider clock) : ICaseChangeHook
{
    private readonly EnquiryOptions options = settings.Value;

    public const string RaisedBy = "enquiry-rules";

    public int Order => CaseHookOrder.Actions;

    public async Task BeforeSaveAsync(VigilDbContext db, IReadOnlyList<DeathCase> cases, CaseChangeKind kind, CancellationToken ct)
    {
        if (options.RulesDisabled || cases.Count == 0) return;
        var unraised = await UnraisedAsync(db, cases, ct);
        if (unraised.Count == 0) return;
        var now = clock.GetUtcNow().UtcDateTime;
        // The numbers only when an action is to be raised: an edit whose rules all fired before raises none (ADR 2496).
        var existingCases = unraised.Where(u => !db.IsAdded(u.Case)).Select(u => u.Case.Id).ToList();
        var highest = existingCases.Count > 0 ? await ActionNumbers.HighestAsync(db, existingCases, ct) : [];
        var raisedBy = $"{RaisedBy} v{engine.Rules.Version}";
        foreach (var (c, hits) in unraised)
        {
            var number = highest.GetValueOrDefault(c.Id);
            foreach (var hit in hits) db.AddCaseRow(c, NewAction(c.Id, ++number, hit, now, raisedBy));
        }
    }

    /// <summary>The rules' hits on each case that no action of the case was raised for yet, in rule order: the one
    /// test of "already raised", for a save and for `vigil rules apply` (ADR 3147). Raised means an action with the
    /// hit's trigger key exists, whatever became of it since (done, not pursued, cancelled): an officer's decision on
    /// a line of enquiry is never undone by raising it again. Cases with nothing unraised are left out.</summary>
    public async Task<IReadOnlyList<(DeathCase Case, IReadOnlyList<RuleHit> Hits)>> UnraisedAsync(VigilDbContext db, IReadOnlyList<DeathCase> cases,
        CancellationToken ct)
    {
        var hits = new List<(DeathCase Case, IReadOnlyList<RuleHit> Hits)>();
        foreach (var c in cases)
            if (engine.Evaluate(c) is { Count: > 0 } caseHits) hits.Add((c, caseHits));
        if (hits.Count == 0) return hits;
        // New cases have no actions yet: skip the look-up (most of an import).
        var existingCases = hits.Where(h => !db.IsAdded(h.Case)).Select(h => h.Case.Id).ToList();
        if (existingCases.Count == 0) return hits;
        var raised = new HashSet<(Guid, string)>();
        foreach (var chunk in existingCases.Chunk(500))
            foreach (var a in await db.CaseActions.Where(a => chunk.Contains(a.CaseId) && a.TriggerKey != null)
                         .Select(a => new { a.CaseId, a.TriggerKey }).ToListAsync(ct))
                raised.Add((a.CaseId, a.TriggerKey!));
        return WithoutRaised(hits, raised);
    }

    /// <summary>The hits whose (case, trigger key) is not in <paramref name="raised"/>, which takes them as they are
    /// kept (so one hit is never raised twice in a save).</summary>
    public static IReadOnlyList<(DeathCase Case, IReadOnlyList<RuleHit> Hits)> WithoutRaised(IReadOnlyList<(DeathCase Case, IReadOnlyList<RuleHit> Hits)> hits,
        HashSet<(Guid, string)> raised)
    {
        var unraised = new List<(DeathCase Case, IReadOnlyList<RuleHit> Hits)>(hits.Count);
        foreach (var (c, caseHits) in hits)
        {
            List<RuleHit>? missing = null;
            foreach (var hit in caseHits)
                if (raised.Add((c.Id, hit.TriggerKey))) (missing ??= []).Add(hit);
            if (missing is not null) unraised.Add((c, missing));
        }
        return unraised;
    }

    private static CaseAction NewAction(Guid caseId, int number, RuleHit hit, DateTime now, string raisedBy)
    {
        var title = hit.Title; // made once: Title replaces "{fact}" on every read
        return new()
        {
            CaseId = caseId, Number = number, Title = title.Length > 300 ? title[..300] : title, Detail = hit.Rule.Detail,
            Source = hit.Rule.Id, TriggerKey = hit.TriggerKey, Mandatory = hit.Rule.Mandatory, Priority = hit.Rule.Priority,
            RaisedAt = now, RaisedBy = raisedBy, DueAt = now.AddHours(hit.Rule.DueHours),
        };
    }
}
