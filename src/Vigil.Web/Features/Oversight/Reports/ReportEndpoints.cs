using System.Security.Cryptography;
using Vigil.Web.Features.Family.Portal;
using Vigil.Web.Features.Oversight.AsKnown;
using Vigil.Web.Features.Oversight.Missed;

namespace Vigil.Web.Features.Oversight.Reports;

/// <summary>Reports as PDF documents made by the server (ADR 0806): the case file, the case as known on a moment, the
/// missed-opportunity report for a case or series, and the family's own report. Each generation is an audit entry
/// with the document's SHA-256, so the exact document produced can be matched later.</summary>
public static class ReportEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/cases/{id:guid}/file.pdf", CaseFileAsync).RequireAuthorization(Policies.ReadCases);
        app.MapGet("/cases/{id:guid}/as-known/pdf", AsKnownAsync).RequireAuthorization(Policies.ReadCases);
        app.MapGet("/cases/{id:guid}/missed.pdf", (Guid id, Reporter r, MissedOpportunities m, CancellationToken ct) =>
            r.MissedAsync(family => m.ForCaseAsync(id, family, ct), ct)).RequireAuthorization(Policies.ReadCases);
        app.MapGet("/series/{id:guid}/missed.pdf", (Guid id, Reporter r, MissedOpportunities m, Linkage.Series.SeriesDossiers dossiers, CancellationToken ct) =>
            r.MissedAsync(family => m.ForShownSeriesAsync(dossiers, id, family, ct), ct)).RequireAuthorization(Policies.ReadCases);
        app.MapGet("/cases/{id:guid}/family/report.pdf", FamilyForStaffAsync).RequireAuthorization(Policies.Liaise);
        app.MapGet("/family/report.pdf", FamilyForFamilyAsync).RequireAuthorization(FamilyAuth.Policy);
    }

    private static Task<IResult> CaseFileAsync(Guid id, Reporter r, TimeProvider clock, CancellationToken ct) =>
        r.CaseAsync(id, clock.GetUtcNow().UtcDateTime, null, asKnown: false, ct);

    private static Task<IResult> AsKnownAsync(Guid id, long? seq, DateTimeOffset? at, Reporter r, TimeProvider clock, CancellationToken ct) =>
        r.CaseAsync(id, at?.UtcDateTime ?? clock.GetUtcNow().UtcDateTime, seq, asKnown: true, ct);

    private static async Task<IResult> FamilyForStaffAsync(Guid id, Reporter r, CaseAccess access, CancellationToken ct)
    {
        if (!await access.CanLiaiseAsync(id, ct)) return Results.NotFound();
        return await r.FamilyAsync(id, Guid.Empty, ct);
    }

    private static Task<IResult> FamilyForFamilyAsync(HttpContext http, Reporter r, CancellationToken ct)
    {
        var (account, caseId) = FamilyAuth.Who(http.User);
        return r.FamilyAsync(caseId, account, ct);
    }
}

/// <summary>Builds, renders and records one report for the signed-in user.</summary>
public sealed class Reporter(VigilDbContext db, CaseAccess access, CaseHistory history, Linkage.LinkageAccess linkage, IAuthorizationService authz,
    IHttpContextAccessor http, ForceTime time, TimeProvider clock, Microsoft.Extensions.Options.IOptions<Hosting.VigilSettings> settings,
    Cases.CaseOfficers officers)
{
    private System.Security.Claims.ClaimsPrincipal User => http.HttpContext!.User;

    public async Task<IResult> CaseAsync(Guid id, DateTime at, long? seq, bool asKnown, CancellationToken ct)
    {
        if (!await access.CanReadAsync(id, ct)) return Results.NotFound();
        var withFamily = await access.ShowsFamilyOfAsync(id, ct);
        var s = await history.AtAsync(id, at, seq, withFamily, ct, await linkage.HiddenEntriesAsync(id, ct));
        if (s is null) return Results.Problem(statusCode: 404, title: "The case was not yet recorded at that moment.");
        var team = await db.Teams.Where(t => t.Id == s.Case!.TeamId).Select(t => t.Name).FirstOrDefaultAsync(ct);
        s.Names = await officers.NamesAsync(s.Logins(), ct);
        var viewers = await Audit.AuditActor.OfEntriesAsync(db, Audit.SaidActors.OnePerActor(s.Viewings.Select(v => (v.Actor, v.Sequence))), ct);
        // Named only when the series page answers this reader (ADR 2903).
        var series = (await linkage.FirstAnsweredSeriesAsync([.. s.SeriesMembers.Select(m => m.SeriesId)], ct))?.Reference;
        var title = asKnown ? $"Case as known on {time.Show(s.At)}" : "Case file";
        return await ProduceAsync(title, s.Case!.Reference, CaseFileBuilder.Blocks(s, team, series, asKnown, time, viewers), [id], asKnown ? "case-as-known" : "case-file",
            $"{s.Case.Reference}{(asKnown ? $"-as-known-{s.Sequence}" : "-case-file")}.pdf", ct);
    }

    public async Task<IResult> MissedAsync(Func<bool, Task<MissedReport?>> build, CancellationToken ct)
    {
        var report = await build((await authz.AuthorizeAsync(User, null, Policies.Liaise)).Succeeded);
        if (report is null) return Results.NotFound();
        return await ProduceAsync(report.Title, report.Reference, OtherReportBuilders.Missed(report, time), report.Cases.Select(c => c.Id).ToList(),
            "missed-opportunities", $"{report.Reference}-missed-opportunities.pdf", ct);
    }

    public async Task<IResult> FamilyAsync(Guid caseId, Guid account, CancellationToken ct)
    {
        var c = await db.Cases.AsNoTracking().Where(x => x.Id == caseId).Select(x => new { x.Reference, x.Deceased.Name }).FirstOrDefaultAsync(ct);
        if (c is null) return Results.NotFound();
        var view = await PortalView.ForCaseAsync(db, caseId, account, clock.GetUtcNow().UtcDateTime, ct);
        return await ProduceAsync("Family report", c.Reference, OtherReportBuilders.Family(view, c.Name ?? "your relative", time), [caseId], "family-report",
            $"{c.Reference}-family-report.pdf", ct);
    }

    private async Task<IResult> ProduceAsync(string title, string reference, List<PdfBlock> blocks, IReadOnlyList<Guid> cases, string kind, string file, CancellationToken ct)
    {
        VigilFonts.Install(settings.Value.PdfFontFolder);
        var now = clock.GetUtcNow().UtcDateTime;
        var producer = User.Identity?.Name ?? "unknown";
        var pdf = new PdfWriter().Write(new PdfReport(title, reference, producer, time.Show(now), blocks));
        var sha = Convert.ToHexStringLower(SHA256.HashData(pdf));
        var details = System.Text.Json.JsonSerializer.Serialize(new { report = kind, reference, bytes = pdf.Length, sha256 = sha });
        foreach (var id in cases) db.RecordEvent("export", "Report", kind, id, details);
        await db.SaveChangesAsync(ct);
        return Results.File(pdf, "application/pdf", file);
    }
}
