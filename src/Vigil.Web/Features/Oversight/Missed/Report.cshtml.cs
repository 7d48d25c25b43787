namespace Vigil.Web.Features.Oversight.Missed;

/// <summary>/cases/{id}/missed and /series/{id}/missed: the missed-opportunity report on screen (its PDF beside it).
/// Reading it is recorded against every case it covers.</summary>
[Authorize(Policy = Policies.ReadCases)]
public abstract class ReportModelBase(VigilDbContext db, IAuthorizationService authz) : PageModel
{
    public MissedReport Report { get; private set; } = null!;
    public string PdfHref { get; private set; } = "";

    protected async Task<IActionResult> ShowAsync(Func<bool, Task<MissedReport?>> build, string pdf, CancellationToken ct)
    {
        var withFamily = (await authz.AuthorizeAsync(User, null, Policies.Liaise)).Succeeded;
        var report = await build(withFamily);
        if (report is null) return NotFound();
        (Report, PdfHref) = (report, pdf);
        foreach (var c in report.Cases) db.RecordEvent("view", "DeathCase", c.Id.ToString(), c.Id, $$"""{"via":"missed-report","report":"{{report.Reference}}"}""");
        await db.SaveChangesAsync(ct);
        return Page();
    }
}

public sealed class CaseReportModel(MissedOpportunities reports, VigilDbContext db, IAuthorizationService authz) : ReportModelBase(db, authz)
{
    public Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) =>
        ShowAsync(family => reports.ForCaseAsync(id, family, ct), $"/cases/{id}/missed.pdf", ct);
}

public sealed class SeriesReportModel(MissedOpportunities reports, Linkage.Series.SeriesDossiers dossiers, VigilDbContext db, IAuthorizationService authz)
    : ReportModelBase(db, authz)
{
    public Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) =>
        ShowAsync(family => reports.ForShownSeriesAsync(dossiers, id, family, ct), $"/series/{id}/missed.pdf", ct);
}
