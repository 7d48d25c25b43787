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
        var now = clock.GetUtcNow().UtcDateTime;
        var hits = new List<(DeathCase Case, IReadOnlyList<RuleHit> Hits)>();
        foreach (var c in cases)
            if (engine.Evaluate(c) is { Count: > 0 } caseHits) hits.Add((c, caseHits));
        if (hits.Count == 0) return;
        // New cases have no actions yet: skip the look-up (most of an import).
        var existingCases = hits.Where(h => !db.IsAdded(h.Case)).Select(h => h.Case.Id).ToList();
        var raised = new HashSet<(Guid, string)>();
        var highest = new Dictionary<Guid, int>();
        if (existingCases.Count > 0)
        {
            foreach (var chunk in existingCases.Chunk(500))
                foreach (var a in await db.CaseActions.Where(a => chunk.Contains(a.CaseId) && a.TriggerKey != null)
                             .Select(a => new { a.CaseId, a.TriggerKey }).ToListAsync(ct))
                    raised.Add((a.CaseId, a.TriggerKey!));
            // The numbers only when an action is to be raised: an edit whose rules all fired before raises none (ADR 2496).
            if (hits.Any(h => h.Hits.Any(hit => !raised.Contains((h.Case.Id, hit.TriggerKey)))))
                highest = await ActionNumbers.HighestAsync(db, existingCases, ct);
        }
        var raisedBy = $"{RaisedBy} v{engine.Rules.Version}";
        foreach (var (c, caseHits) in hits)
        {
            var number = highest.GetValueOrDefault(c.Id);
            foreach (var hit in caseHits)
                if (hit.TriggerKey is var key && raised.Add((c.Id, key))) db.AddCaseRow(c, NewAction(c.Id, ++number, hit, key, now, raisedBy));
        }
    }

    private static CaseAction NewAction(Guid caseId, int number, RuleHit hit, string triggerKey, DateTime now, string raisedBy)
    {
        var title = hit.Title; // made once: Title replaces "{fact}" on every read
        return new()
        {
            CaseId = caseId, Number = number, Title = title.Length > 300 ? title[..300] : title, Detail = hit.Rule.Detail,
            Source = hit.Rule.Id, TriggerKey = triggerKey, Mandatory = hit.Rule.Mandatory, Priority = hit.Rule.Priority,
            RaisedAt = now, RaisedBy = raisedBy, DueAt = now.AddHours(hit.Rule.DueHours),
        };
    }
}
