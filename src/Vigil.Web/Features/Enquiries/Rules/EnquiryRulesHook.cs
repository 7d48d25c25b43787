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
        var hits = cases.Select(c => (Case: c, Hits: engine.Evaluate(c).ToList())).Where(x => x.Hits.Count > 0).ToList();
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
            highest = await ActionNumbers.HighestAsync(db, existingCases, ct);
        }
        foreach (var (c, caseHits) in hits)
        {
            var number = highest.GetValueOrDefault(c.Id);
            foreach (var hit in caseHits.Where(h => raised.Add((c.Id, h.TriggerKey))))
                db.CaseActions.Add(NewAction(c.Id, ++number, hit, now));
        }
    }

    private CaseAction NewAction(Guid caseId, int number, RuleHit hit, DateTime now) => new()
    {
        CaseId = caseId, Number = number, Title = hit.Title.Length > 300 ? hit.Title[..300] : hit.Title, Detail = hit.Rule.Detail,
        Source = hit.Rule.Id, TriggerKey = hit.TriggerKey, Mandatory = hit.Rule.Mandatory, Priority = hit.Rule.Priority,
        RaisedAt = now, RaisedBy = $"{RaisedBy} v{engine.Rules.Version}", DueAt = now.AddHours(hit.Rule.DueHours),
    };
}
