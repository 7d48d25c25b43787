using Vigil.Data.Audit;

namespace Vigil.Web.Features.Audit.Verification;

/// <summary>/audit/verification: the reviewer's check that the audit trail is intact (ADR 3221), the web face of
/// `vigil audit verify`. The run goes on in the background (<see cref="AuditVerificationRunner"/>); the page shows its
/// progress and the last result. Starting (or joining) a run and every view of the page are audit events.</summary>
[Authorize(Policy = Policies.VerifyAudit)]
public sealed class IndexModel(AuditVerificationRuns runs, AuditVerificationRunner runner, VigilDbContext db, ForceTime time,
    Cases.CaseOfficers officers) : PageModel
{
    public AuditVerificationRun? Current { get; private set; }
    public AuditVerificationRun? Result { get; private set; }
    public ForceTime Time => time;
    private IReadOnlyDictionary<string, string> names = new Dictionary<string, string>();

    /// <summary>Who started a run, by the name they go by (walk53 finding 14: "Run by reviewer"); the login where none is known.</summary>
    public string NameOf(string startedBy) => names.GetValueOrDefault(startedBy, startedBy);

    /// <summary>The newest run stopped without finishing: its node went away (shut down, crashed) mid-run.</summary>
    public bool CurrentStopped => Current is { IsRunning: true } c && !runs.IsLive(c);
    public bool CurrentLive => Current is { } c && runs.IsLive(c);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Current = await runs.NewestAsync(ct);
        Result = Current is { IsRunning: false } ? Current : await runs.LastFinishedAsync(ct);
        names = await officers.NamesAsync([Current?.StartedBy, Result?.StartedBy], ct);
        await ReadAudit.AppendAsync(HttpContext, db, new AuditDraft(ReadAudit.View, AuditVerificationRuns.EntityType, Result?.Id.ToString() ?? "none", null,
            JsonSerializer.Serialize(new { via = "GET /audit/verification", result = Result?.Outcome, running = CurrentLive ? Current!.Id : (Guid?)null })), ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var (run, started) = await runs.StartAsync(User.Identity?.Name ?? "?", AuditVerificationRunner.NodeName, ct);
        if (started) runner.Enqueue(run.Id);
        return RedirectToPage();
    }

    /// <summary>GET ?handler=Progress&amp;run=…: the counts for the page's bar; no entry's content, so (like an import's
    /// progress, ADR 1622) not an audit event of its own. The page is reloaded, and that view audited, when it ends.</summary>
    public async Task<IActionResult> OnGetProgressAsync(Guid run, CancellationToken ct) =>
        await runs.FindAsync(run, ct) is { } r
            ? new JsonResult(new { @checked = r.Checked, total = r.Total, running = runs.IsLive(r) })
            : NotFound();
}
