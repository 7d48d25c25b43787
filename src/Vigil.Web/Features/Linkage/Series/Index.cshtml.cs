using Vigil.Web.Features.Audit;
using Vigil.Web.Features.Shared.Forms;

namespace Vigil.Web.Features.Linkage.Series;

/// <summary>/series/{id}: a linked or candidate series — members in order, what they share, decisions with reasons,
/// the review actions, the officers involved, its audit — and the analyst's confirm/reject of a proposed member.</summary>
[Authorize(Policy = Policies.ReadCases)]
public sealed class IndexModel(SeriesDossiers dossiers, LinkDecisions decisions, VigilDbContext db, ForceTime time, IAuthorizationService authorization) : PageModel
{
    public SeriesDossier Dossier { get; private set; } = null!;
    /// <summary>Whether the reader may open the side-by-side comparison (the pair page's policy).</summary>
    public bool ReadsLinkage { get; private set; }
    public ForceTime Time => time;

    [BindProperty] public Guid CaseId { get; set; }
    [BindProperty] public string? Decision { get; set; }
    [BindProperty] public string? Reason { get; set; }

    /// <summary>What a decision did is said through the flash (ADR 0650), never from the query: the page once showed its
    /// <c>?done=</c> text as a success banner, so a link could make Vigil say any words it liked (ADR 3236).</summary>
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!Dossier.CanDecide) return Forbid();
        var member = Dossier.Members.FirstOrDefault(m => m.CaseId == CaseId);
        // Decided by another analyst after this page was opened: the page just read shows it so; a stale form (ADR 3280).
        if (member is not null && !MemberStatus.Undecided(member.Status)) return Refused(LinkDecisions.MemberDecided);
        if (member is null) ModelState.AddModelError(nameof(CaseId), "That death is not awaiting a decision in this series.");
        if (Decision is not ("confirm" or "reject")) ModelState.AddModelError(nameof(Decision), "Choose confirm or reject.");
        if (string.IsNullOrWhiteSpace(Reason)) ModelState.AddModelError(nameof(Reason), LinkDecisions.ReasonRequired.Title);
        // The form's own error is 422 with the page, as on every other page (ADR 3273); this page answered 200 until round 65.
        if (!ModelState.IsValid) return Unprocessable();
        var refused = await decisions.DecideMemberAsync(id, CaseId, Decision == "confirm", Reason,
            User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", User.Identity?.Name ?? "?", ct);
        if (refused is null)
            return this.RedirectToSection($"/series/{id}", "members", $"{member!.Reference} {(Decision == "confirm" ? "confirmed" : "rejected")}.");
        if (refused == Refusal.NotFound) return NotFound();
        // Decided by another analyst in the same milliseconds: the store's state refuses it, a 409 as on every page (ADR 3273);
        // a missing reason is the form's own error. The series was read before that decision landed: it is read again to
        // show the one that stands (ADR 3280). Its deaths' views were recorded by the first read: the second records none.
        if (refused.Status != StatusCodes.Status409Conflict)
        {
            ModelState.AddModelError(nameof(Decision), refused.Title);
            return Unprocessable();
        }
        Dossier = await dossiers.LoadAsync(id, ct) ?? Dossier;
        return Refused(refused);
    }

    /// <summary>A refused member's choice stays ticked, as the pair page's does (walk63, ADR 3341): the series page lost it,
    /// seen in Chromium in round 65.</summary>
    public bool Chosen(Guid caseId, string decision) => CaseId == caseId && Decision == decision;

    /// <summary>Each member has its own form, so its fields' ids carry the case id: the error summary's links go to the
    /// refused member's fields (they went to "#Reason", which no element has).</summary>
    public Func<string, string> ErrorTarget => key => key == nameof(Reason) ? $"reason-{CaseId}" : $"decision-{CaseId}";

    private PageResult Unprocessable()
    {
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    /// <summary>The page as read, 409, saying why; the member's reason typed is shown beside it (ADR 3278).</summary>
    private PageResult Refused(Refusal why)
    {
        ModelState.AddModelError(nameof(Decision), why.Title);
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    /// <summary>The member whose decision was refused because another analyst decided it meanwhile: its form is gone (it is
    /// no longer awaiting a decision), so the refusal's reason typed is shown beside it (ADR 3278).</summary>
    public bool DecidedMeanwhile(MemberRow m) => !ModelState.IsValid && m.CaseId == CaseId && !MemberStatus.Undecided(m.Status);

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await dossiers.LoadAsync(id, ct) is not { } dossier) return false;
        Dossier = dossier;
        ReadsLinkage = (await authorization.AuthorizeAsync(User, Policies.ReadLinkage)).Succeeded;
        // Reading a series is reading its visible members: one audit entry per death shown.
        foreach (var m in dossier.Members)
            ReadAudit.Record(HttpContext, db, ReadAudit.View, nameof(Data.Cases.DeathCase), m.CaseId.ToString(), m.CaseId, $$"""{"via":"series","series":"{{id}}"}""");
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The deaths a proposed member is offered beside: the series' other deaths shown and not rejected, confirmed
    /// ones first, then the nearest in time; four at most (the comparison page links to the rest).</summary>
    public IReadOnlyList<MemberRow> CompareWith(MemberRow member) => [.. Dossier.Members
        .Where(m => m.CaseId != member.CaseId && m.Status != MemberStatus.Rejected)
        .OrderBy(m => m.Status == MemberStatus.Confirmed ? 0 : 1).ThenBy(m => Math.Abs((m.FoundAt - member.FoundAt).Ticks)).Take(4)];

    public static string StatusLabel(string status) => status switch
    {
        MemberStatus.Proposed => "proposed by the engine",
        MemberStatus.Lapsed => "no longer alike (lapsed)",
        MemberStatus.Rejected => "rejected",
        _ => "confirmed",
    };
}
