using Vigil.Web.Features.Linkage.Compare;

namespace Vigil.Web.Features.Linkage.Series;

/// <summary>/series/{id}/compare/{caseId}?with={other}: a death of the series, usually one the engine proposed, side by
/// side with another of its deaths (walk53 finding 16: the analyst could read a proposal's evidence but not see the death
/// beside the series' deaths before deciding). The pair page's comparison (<see cref="Compare.SideBySide"/>), explained now
/// by the model in use, as there is no pair alert to have kept an explanation. The pair page's rules: the linkage readers
/// only, both deaths readable by them, and of a series they may see (<see cref="SeriesDossiers.MembersShownAsync"/>); both
/// reads go on the deaths' audit trails.</summary>
[Authorize(Policy = Policies.ReadLinkage)]
public sealed class SideBySideModel(SeriesDossiers dossiers, CaseAccess access, LinkageEngine engine, VigilDbContext db) : PageModel
{
    public string SeriesReference { get; private set; } = "";
    public SeriesDeath Death { get; private set; } = null!;
    /// <summary>The other deaths of the series the reader may compare it with: confirmed members first, then the nearest in time.</summary>
    public IReadOnlyList<SeriesDeath> Others { get; private set; } = [];
    public SeriesDeath? With { get; private set; }
    public SideBySide? View { get; private set; }

    public sealed record SeriesDeath(Guid CaseId, string Reference, DateTime FoundAt, string Status);

    public async Task<IActionResult> OnGetAsync(Guid id, Guid caseId, Guid? with, CancellationToken ct)
    {
        if (await dossiers.MembersShownAsync(id, ct) is not { } shown) return NotFound();
        var visible = await access.VisibleAsync(ct);
        var members = await db.SeriesMembers().Where(m => m.SeriesId == id && shown.Contains(m.CaseId))
            .Join(visible, m => m.CaseId, c => c.Id, (m, c) => new SeriesDeath(c.Id, c.Reference, c.FoundAt, m.Status)).ToListAsync(ct);
        if (members.FirstOrDefault(m => m.CaseId == caseId) is not { } death) return NotFound();
        Death = death;
        SeriesReference = await db.Series().Where(s => s.Id == id).Select(s => s.Reference).FirstAsync(ct);
        Others = [.. members.Where(m => m.CaseId != caseId && m.Status != MemberStatus.Rejected)
            .OrderBy(m => m.Status == MemberStatus.Confirmed ? 0 : 1).ThenBy(m => Math.Abs((m.FoundAt - death.FoundAt).Ticks))];
        With = Others.FirstOrDefault(m => m.CaseId == with) ?? (with is null ? Others.FirstOrDefault() : null);
        if (with is not null && With is null) return NotFound();
        if (With is null) return Page();
        var one = await CaseApi.LoadAsync(access, Death.CaseId, ct);
        var other = await CaseApi.LoadAsync(access, With.CaseId, ct);
        if (one is null || other is null) return NotFound();
        var (newer, earlier) = one.FoundAt >= other.FoundAt ? (one, other) : (other, one);
        var (explanation, model) = await engine.ExplainWithModelAsync(newer, earlier, ct);
        View = new SideBySide(newer, earlier, Alerts.StoredExplanation.From(explanation, model), "How the engine compares them",
            $"Explained now, from the two deaths and the linkage model ({model}) as they are today: no pair alert between them keeps an explanation of its own.",
            CompareModel.WeightsHint);
        // Reading a comparison is reading both deaths, as on the pair page: both views go on the audit trail.
        foreach (var c in new[] { one, other })
            Audit.ReadAudit.Record(HttpContext, db, Audit.ReadAudit.View, nameof(DeathCase), c.Id.ToString(), c.Id,
                $$"""{"via":"series-compare","series":"{{id}}","with":"{{(c == one ? other : one).Id}}"}""");
        await db.SaveChangesAsync(ct);
        return Page();
    }

    public static string StatusSaid(string status) => status switch
    {
        MemberStatus.Confirmed => "a confirmed member",
        MemberStatus.Proposed => "proposed by the engine, awaiting a decision",
        MemberStatus.Lapsed => "proposed, no longer alike (lapsed)",
        _ => IndexModel.StatusLabel(status),
    };
}
