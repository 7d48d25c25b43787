using Vigil.Web.Features.Shared.Forms;

namespace Vigil.Web.Features.Family;

/// <summary>A case's family file: members, FLOs, contacts, questions, disclosures, tasks, submissions, invitations.
/// Reading it is audited; every change goes through <see cref="LiaisonCommands"/>.</summary>
[Authorize(Policy = Policies.Liaise)]
public sealed partial class CaseFamilyModel(CaseAccess access, VigilDbContext db, LiaisonCommands commands, LiaisonStatus status, ForceTime time, TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<FamilyOptions> options) : PageModel
{
    public DeathCase Case { get; private set; } = null!;
    public ForceTime Time => time;
    public DateTime Now => clock.GetUtcNow().UtcDateTime;
    public CaseLiaisonStatus? Status { get; private set; }
    public FamilyFile? Details { get; private set; }
    public List<FamilyMember> Members { get; private set; } = [];
    public List<FloDeployment> Officers { get; private set; } = [];
    public List<FamilyContact> Contacts { get; private set; } = [];
    public List<FamilyQuestion> Questions { get; private set; } = [];
    public List<Disclosure> Disclosures { get; private set; } = [];
    public List<FamilyTask> Tasks { get; private set; } = [];
    public List<FamilySubmission> Submissions { get; private set; } = [];
    public List<FamilyInvitation> Invitations { get; private set; } = [];
    public List<FamilyAccount> Accounts { get; private set; } = [];
    /// <summary>The case's reviews not yet done, beside "Next case review" so the FLO can tell the family one (ADR 3245).</summary>
    public List<CaseReview> ScheduledReviews { get; private set; } = [];
    [TempData] public string? InvitationLink { get; set; }
    [TempData] public Guid? InvitedMemberId { get; set; }
    /// <summary>The signed-in officer's full name: what the family should see, never their login.</summary>
    public string MyName { get; private set; } = "";
    /// <summary>The form key of a refused post ("member", "question"), so a folded-away form opens again to show why.</summary>
    public string? Refused { get; private set; }

    /// <summary>The post was refused for a row the case does not hold, which no form of the page is for (ADR 3318).</summary>
    public bool RefusedOffPage { get; private set; }

    /// <summary>The form refused on this question is no longer on the page (the question was answered, its answer is
    /// awaiting approval, or the draft an approval or return acted on was sent or returned, meanwhile), so its refusal is
    /// said beside the answer as it now is.</summary>
    public bool RefusedFormGone(FamilyQuestion q) =>
        Refused is { Length: > 0 } key && key.EndsWith(q.Id.ToString(), StringComparison.Ordinal)
        && (q.AnsweredAt is not null || (q.DraftAnswer is not null && key == $"answer-{q.Id}")
            || (q.DraftAnswer is null && (key == $"approve-{q.Id}" || key == $"return-{q.Id}")));
    /// <summary>A revocation refused on one of this member's invitations, whose form is no longer on the page (the invitation
    /// was used meanwhile), so its refusal is said in the member's row.</summary>
    public bool RevokeRefusedFor(Guid memberId) =>
        Refused is { Length: > 0 } key && key.StartsWith("revoke-", StringComparison.Ordinal)
        && Invitations.Any(i => i.FamilyMemberId == memberId && key == $"revoke-{i.Id}" && i.UsedAt is not null);
    /// <summary>The refused form was this task's or submission's (<paramref name="key"/>), and another officer has closed it
    /// meanwhile, so its form is gone: the refusal, and what was typed, are said where it was (ADR 3278).</summary>
    public bool RefusedClosed(string key, DateTime? closedAt) => closedAt is not null && Refused == key;
    /// <summary>The status for the family this officer typed into a details form another officer's save overtook, when it
    /// is not what is stored. The form shows the details as stored, so no echoed field undoes the other save (ADR 3259);
    /// what was typed is said beside it, not recorded, as every other stale form says it (ADRs 3278, 3305): before, the
    /// refusal said "Make your change again" over a status box that no longer held the change.</summary>
    public string? StatusNotRecorded => Refused == "file" && KeptForm.ShowsStored(HttpContext) && Typed("plainStatus").Trim() is { Length: > 0 } typed
        && !string.Equals(typed, Details?.PlainStatus, StringComparison.Ordinal) ? typed : null;
    /// <summary>What the refused form held in <paramref name="field"/>, as typed.</summary>
    public string Typed(string field) => Request.HasFormContentType ? Request.Form[field].ToString() : "";
    public bool AnswersNeedApproval => options.Value.AnswersNeedApproval;
    public TimeSpan FirstContactWithin => options.Value.FirstContactWithin;
    /// <summary>True when no contact is owed only because nothing starts the clock: liaison goes on, nobody has been
    /// contacted, and none of <see cref="ContactClock"/>'s starts is recorded (<see cref="FamilyDeadlines.NextContact"/>).</summary>
    public bool ContactClockNotStarted => Details?.LiaisonEndedAt is null && Contacts.Count == 0 && Status?.Contact is null;
    /// <summary>The case's officer in charge (user name and full name), or null when none is named.</summary>
    public (string UserName, string DisplayName)? OfficerInCharge { get; private set; }
    private bool CanEditCase { get; set; }

    /// <summary>Whether the signed-in officer may approve (or return) an answer drafted by <paramref name="draftBy"/>.</summary>
    public bool MayApprove(string? draftBy) =>
        CanEditCase && draftBy is not null && AnswerApproval.Refusal(OfficerInCharge?.UserName, draftBy, new(Me, CanEditCase, IsSupervisor)) is null;
    /// <summary>An answer being previewed before it is sent.</summary>
    public (Guid QuestionId, string Text)? Preview { get; private set; }

    private string Me => User.Identity?.Name ?? "?";
    private string MyId => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
    /// <summary>The reader is a deployed FLO of this case (not ended): the page offers no second deployment.</summary>
    public bool DeployedHere => Officers.Any(o => o.OfficerUserId == MyId && o.EndedAt is null);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        await RecordViewAsync(id, ct);
        return Page();
    }

    /// <summary>Showing the family file is a view of it, whichever handler shows it: the GET, and a post that gives the page
    /// back (a refused change, an answer previewed). Those posts wrote nothing, so an officer read a family's names,
    /// telephones and registers with no trace by posting an empty form (sec61, ADR 3308).</summary>
    private async Task RecordViewAsync(Guid id, CancellationToken ct)
    {
        Audit.ReadAudit.Record(HttpContext, db, Audit.ReadAudit.View, "FamilyFile", id.ToString(), id, """{"via":"web"}""");
        await db.SaveChangesAsync(ct);
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var c = await access.FindReadableAsync(id, ct);
        // Reading the case is not enough: the family file is for a liaison role of the case's team or grant (ADR 3234).
        if (c is null || !(await access.ScopeAsync(ct)).MayLiaise(c.Id, c.TeamId)) return false;
        Case = c;
        Status = await status.ForCaseAsync(c, ct);
        Details = await db.FamilyFiles.AsNoTracking().FirstOrDefaultAsync(f => f.CaseId == id, ct);
        Members = await db.FamilyMembers.AsNoTracking().Where(x => x.CaseId == id).OrderBy(x => x.CreatedAt).ToListAsync(ct);
        Officers = await db.FloDeployments.AsNoTracking().Where(x => x.CaseId == id).OrderBy(x => x.DeployedAt).ToListAsync(ct);
        Contacts = await db.FamilyContacts.AsNoTracking().Where(x => x.CaseId == id).OrderByDescending(x => x.At).ToListAsync(ct);
        Questions = await db.FamilyQuestions.AsNoTracking().Where(x => x.CaseId == id).OrderByDescending(x => x.AskedAt).ToListAsync(ct);
        Disclosures = await db.Disclosures.AsNoTracking().Where(x => x.CaseId == id).OrderByDescending(x => x.At).ToListAsync(ct);
        Tasks = await db.FamilyTasks.AsNoTracking().Where(x => x.CaseId == id).OrderBy(x => x.DoneAt != null).ThenBy(x => x.DueAt).ToListAsync(ct);
        Submissions = await db.FamilySubmissions.AsNoTracking().Include(s => s.Files).Where(x => x.CaseId == id).OrderByDescending(x => x.SubmittedAt).ToListAsync(ct);
        Invitations = await db.FamilyInvitations.AsNoTracking().Where(x => x.CaseId == id).OrderByDescending(x => x.CreatedAt).ToListAsync(ct);
        Accounts = await db.FamilyAccounts.AsNoTracking().Where(x => x.CaseId == id).ToListAsync(ct);
        ScheduledReviews = await db.CaseReviews.AsNoTracking().Where(x => x.CaseId == id && x.CompletedAt == null).OrderBy(x => x.DueAt).ToListAsync(ct);
        CanEditCase = await access.CanEditAsync(c, ct);
        await ReadOfficersAsync(c, ct);
        return true;
    }

    /// <summary>The reader, the officer in charge and every officer the registers name by login, in one statement where
    /// the page read the first two in two (ADR 3218): the logs said "By: flo" where the portal names the officer
    /// (walk51 finding 9).</summary>
    private async Task ReadOfficersAsync(DeathCase c, CancellationToken ct)
    {
        var logins = Contacts.Select(x => x.By).Concat(Disclosures.Select(x => x.By))
            .Concat(Questions.SelectMany(q => new[] { q.AnsweredBy, q.DraftBy, q.ApprovedBy })).Concat(Tasks.Select(t => t.DoneBy))
            .Concat(Submissions.Select(s => s.AssessedBy)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var (me, inChargeId) = (MyId, c.OfficerInChargeId);
        var users = await db.Users.AsNoTracking().Where(u => u.Id == me || u.Id == inChargeId || logins.Contains(u.UserName!))
            .Select(u => new { u.Id, u.UserName, u.DisplayName }).ToListAsync(ct);
        MyName = users.FirstOrDefault(u => u.Id == me)?.DisplayName ?? "";
        OfficerInCharge = users.FirstOrDefault(u => u.Id == inChargeId) is { } oic ? (oic.UserName!, oic.DisplayName) : null;
        officerNames = users.Where(u => !string.IsNullOrWhiteSpace(u.DisplayName)).ToDictionary(u => u.UserName!, u => u.DisplayName, StringComparer.Ordinal);
    }

    private Dictionary<string, string> officerNames = new(StringComparer.Ordinal);

    /// <summary>The name of the officer a register records by login; the login as recorded when it is no one's now (the
    /// account renamed or removed) or its owner has no name.</summary>
    public string Name(string? login) => login is null ? "" : officerNames.GetValueOrDefault(login, login);

    public string MemberName(Guid? id) => Members.FirstOrDefault(m => m.Id == id)?.Name ?? "—";

    /// <summary>Runs a change if the case is in scope; re-shows the page with the error, or redirects (PRG).</summary>
    /// <remarks>A refusal is shown in the form that was posted, with what was typed still in it (ADR 0650): the form's
    /// key travels in the post, and <paramref name="field"/> names the field the refusal belongs beside.</remarks>
    private async Task<IActionResult> ChangeAsync(Guid id, Func<Task<Refusal?>> change, string done, CancellationToken ct, string? section = null, string? field = null)
    {
        if (!await access.CanLiaiseAsync(id, ct)) return NotFound();
        if (await change() is not { } refused) return this.RedirectToSection($"/cases/{id}/family", section, done);
        // A form overtaken by another officer's save (the database refused this one) is a stale form: 409, the page as it
        // now is, the refusal said of the form rather than a field (ADRs 3235, 3246, 3256, 3257, 3259, 3279, 3296). Anything else
        // refused: 422, as typed.
        var stale = refused == StaleDetails || refused == LiaisonCommands.AnswerOvertaken || refused == LiaisonCommands.DeployOvertaken
            || refused == Portal.FamilyInvitations.UsedBeforeRevoked || refused == LiaisonCommands.TaskOvertaken || refused == LiaisonCommands.AssessmentOvertaken
            || refused == LiaisonCommands.ReviewDone;
        // A row the case does not hold (ADRs 3306, 3317) has no form on this page, whose summaries are inside its forms: the
        // refusal is said in the page's own summary, at its top (ADR 3318). Before, it was said nowhere.
        RefusedOffPage = refused.Status == StatusCodes.Status404NotFound;
        ModelState.AddRefusal(refused, stale || RefusedOffPage ? null : field);
        if (stale) KeptForm.ShowStored(HttpContext);
        return await ShowAgainAsync(id, ct, stale ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity);
    }

    private async Task<IActionResult> ShowAgainAsync(Guid id, CancellationToken ct, int status)
    {
        // A refused change is never saved: nothing it may have left tracked goes out with the view's entry.
        db.ChangeTracker.Clear();
        await LoadAsync(id, ct);
        await RecordViewAsync(id, ct);
        Refused = Request.Form[KeptForm.Field].ToString();
        Response.StatusCode = status;
        return Page();
    }

    private bool IsSupervisor => User.IsInRole(Vigil.Data.Identity.Roles.Supervisor);

    private DateTime? Utc(DateTime? local) => local is { } l ? time.ToUtc(l) : null;
}
