using Vigil.Web.Features.Family.Portal;
using Vigil.Web.Features.Shared.Forms;

namespace Vigil.Web.Features.Family;

/// <summary>The family file's form posts, one handler per register.</summary>
public sealed partial class CaseFamilyModel
{
    /// <summary>The form carries the details' version as the officer read them (<see cref="FileVersion"/>): saved over
    /// another officer's since, it would undo unseen what the family is told, when the deceased was identified (the
    /// contact clock's start) or that liaison ended. Refused instead, as the case's own forms are (ADR 3234), by the
    /// database at the save (ADR 3235).</summary>
    public Task<IActionResult> OnPostFileAsync(Guid id, long? fileVersion, DateTime? identifiedAt, string? plainStatus, DateTime? nextReviewAt, bool ended, CancellationToken ct) =>
        ChangeAsync(id, async () =>
            // No version (a form from before ADR 3234) is as stale as a wrong one; a save that loses a race with
            // another officer's is refused the same way (ADR 3235).
            fileVersion is { } seen && await commands.SaveFileAsync(id, seen, Utc(identifiedAt), plainStatus, Utc(nextReviewAt), ended, Me, ct)
                ? null : StaleDetails, "Liaison details saved.", ct, "details");

    /// <summary>The liaison details' version: when they were last saved (0 before they ever were).</summary>
    public static long FileVersion(FamilyFile? file) => file?.UpdatedAt.Ticks ?? 0;

    private static readonly Refusal StaleDetails = LiaisonCommands.FileOvertaken;

    /// <summary>One press sets the file's next review (ADR 3245). The button is in the details form, whose version it
    /// sends: on a page another officer's save of the details has overtaken, before the press or in the same milliseconds,
    /// it is answered as the details form is, 409 and the page as it now is (ADRs 3259, 3271).</summary>
    public Task<IActionResult> OnPostNextReviewAsync(Guid id, Guid reviewId, long? fileVersion, CancellationToken ct) =>
        ChangeAsync(id, async () => fileVersion is null ? StaleDetails : await commands.UseReviewDateAsync(id, reviewId, fileVersion, ct),
            "Next case review set: the family sees this date.", ct, "details");

    /// <summary>The "add a family member" form as typed. Not the entity: its non-nullable name and relationship made the
    /// binder add "The Name field is required." beside the command's own words (round 64's blank-form walk).</summary>
    public sealed record MemberForm(string? Name, string? Relationship, string? ContactPreference, string? Phone, string? Email, string? Language, string? SupportNeeds);

    public Task<IActionResult> OnPostMemberAsync(Guid id, MemberForm member, CancellationToken ct) =>
        ChangeAsync(id, () => commands.AddMemberAsync(new FamilyMember
        {
            CaseId = id, Name = member.Name?.Trim() ?? "", Relationship = member.Relationship?.Trim() ?? "", ContactPreference = member.ContactPreference,
            Phone = member.Phone, Email = member.Email, Language = member.Language, SupportNeeds = member.SupportNeeds,
        }, ct), "Family member added.", ct, "members");

    public Task<IActionResult> OnPostDeployAsync(Guid id, string? officerName, string? contactDetails, CancellationToken ct) =>
        ChangeAsync(id, () => commands.DeployAsync(id, MyId, officerName ?? "", contactDetails ?? "", ct), "You are deployed as FLO on this case.", ct, "details");

    public Task<IActionResult> OnPostContactAsync(Guid id, Guid? memberId, DateTime? at, string? method, string? summary, string? disclosed, DateTime? nextContactDue, CancellationToken ct) =>
        ChangeAsync(id, () => commands.LogContactAsync(new FamilyContact
        {
            CaseId = id, FamilyMemberId = memberId, At = Utc(at) ?? Now, Method = method ?? "", By = Me, Summary = summary ?? "", NextContactDue = Utc(nextContactDue),
        }, disclosed, ct), "Contact logged.", ct, "contacts");

    public Task<IActionResult> OnPostQuestionAsync(Guid id, Guid? memberId, string? text, string? owner, DateTime? dueAt, CancellationToken ct) =>
        ChangeAsync(id, () => commands.AddQuestionAsync(id, memberId, text, string.IsNullOrWhiteSpace(owner) ? Me : owner.Trim(), Utc(dueAt), "recorded", ct), "Question recorded.", ct, "questions", "text");

    /// <summary>Sends an answer (or shows it as the family will see it, when <paramref name="preview"/>), keeping the text.</summary>
    public async Task<IActionResult> OnPostAnswerAsync(Guid id, Guid questionId, string? answer, bool preview, CancellationToken ct)
    {
        if (!preview)
            return await ChangeAsync(id, () => commands.AnswerAsync(id, questionId, answer, Me, ct), AnswersNeedApproval
                ? "Answer sent to the officer in charge for approval. The family will see it once it is approved."
                : "Answer recorded and shared with the family.", ct, "questions", "answer");
        if (!await access.CanLiaiseAsync(id, ct)) return NotFound();
        if (string.IsNullOrWhiteSpace(answer)) ModelState.AddModelError("answer", "Write the answer before previewing it.");
        else Preview = (questionId, answer.Trim());
        return await ShowAgainAsync(id, ct, Preview is null ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status200OK);
    }

    /// <param name="draft">The draft's time (ticks) as the form showed it: only that draft is approved or returned (ADR 3265).</param>
    public Task<IActionResult> OnPostApproveAnswerAsync(Guid id, Guid questionId, long? draft, CancellationToken ct) =>
        ChangeAsync(id, async () => await commands.ApproveAnswerAsync(id, questionId, draft, await ApproverAsync(id, ct), ct),
            "Answer approved: the family can see it now.", ct, "questions");

    public Task<IActionResult> OnPostReturnAnswerAsync(Guid id, Guid questionId, long? draft, string? note, CancellationToken ct) =>
        ChangeAsync(id, async () => await commands.ReturnAnswerAsync(id, questionId, draft, note, await ApproverAsync(id, ct), ct),
            "Answer returned to its author.", ct, "questions", "note");

    private async Task<AnswerApprover> ApproverAsync(Guid id, CancellationToken ct) =>
        new(Me, await access.FindReadableAsync(id, ct) is { } c && await access.CanEditAsync(c, ct), IsSupervisor);

    public Task<IActionResult> OnPostDisclosureAsync(Guid id, bool withheld, string? what, string? reason, CancellationToken ct) =>
        ChangeAsync(id, () => commands.RecordDisclosureAsync(id, withheld, what, reason, Me, ct), "Disclosure log updated.", ct, "disclosures");

    public Task<IActionResult> OnPostTaskAsync(Guid id, Guid taskId, string? outcome, CancellationToken ct) =>
        ChangeAsync(id, () => commands.CompleteTaskAsync(id, taskId, outcome, Me, ct), "Task completed.", ct, "tasks");

    public Task<IActionResult> OnPostAssessAsync(Guid id, Guid submissionId, string? outcome, CancellationToken ct) =>
        ChangeAsync(id, () => commands.AssessSubmissionAsync(id, submissionId, outcome, Me, ct), "Assessment recorded.", ct, "submissions");

    public Task<IActionResult> OnPostWithdrawAsync(Guid id, Guid accountId, CancellationToken ct) =>
        ChangeAsync(id, () => commands.WithdrawAccountAsync(id, accountId, ct), "Portal access withdrawn.", ct, "members");

    public async Task<IActionResult> OnPostInviteAsync(Guid id, Guid memberId, [FromServices] FamilyInvitations invitations, [FromServices] Hosting.PublicLinks links, CancellationToken ct) =>
        await ChangeAsync(id, async () =>
        {
            if (!await db.FamilyMembers.AnyAsync(m => m.Id == memberId && m.CaseId == id, ct)) return Refusal.Invalid("Choose a family member of this case.");
            if (await db.FamilyAccounts.AnyAsync(a => a.FamilyMemberId == memberId, ct)) return Refusal.Conflict("That family member already has a portal account.");
            if (links.For("/") is null) return Refusal.Conflict("Vigil does not know its public address: set Vigil:PublicBaseUrl before inviting families.");
            var (_, token) = await invitations.CreateAsync(id, memberId, Me, ct);
            // Shown once to the FLO to pass on in person or by a channel the family chose; only its hash is kept.
            InvitationLink = links.For($"/family/accept?token={token}");
            InvitedMemberId = memberId;
            return null;
        }, "Invitation created. Give it to the family member now: the link is shown only once.", ct, "invitation");

    public Task<IActionResult> OnPostRevokeAsync(Guid id, Guid invitationId, [FromServices] FamilyInvitations invitations, CancellationToken ct) =>
        ChangeAsync(id, () => invitations.RevokeAsync(id, invitationId, ct), "Invitation revoked.", ct, "members");

    /// <summary>A family upload, for officers of the case only: always a download, never rendered by the browser.</summary>
    public async Task<IActionResult> OnGetUploadAsync(Guid id, Guid fileId, [FromServices] UploadStore store, CancellationToken ct)
    {
        if (!await access.CanLiaiseAsync(id, ct)) return NotFound();
        var f = await db.SubmissionFiles.AsNoTracking().FirstOrDefaultAsync(x => x.Id == fileId && x.CaseId == id, ct);
        if (f is null) return NotFound();
        // Missing only for an upload from before ADR 1621 whose file is on another node's disk and not yet adopted (ADR
        // 1623). Looked for before the download is recorded: the trail must not say an officer downloaded what they never
        // got. The officer is told why, beside the file, rather than shown a bare "not found" for a file the page lists.
        if (await store.BytesAsync(db, f, ct) is not { } bytes)
            return this.RedirectToSection($"/cases/{id}/family", "submissions",
                $"\"{f.DisplayName}\" is not on this server: it was sent before files were kept in the database, and is still on another server's disk. Ask an administrator to run `vigil uploads adopt` on that server.");
        Audit.ReadAudit.Record(HttpContext, db, "download", nameof(SubmissionFile), f.Id.ToString(), id, "{}");
        await db.SaveChangesAsync(ct);
        Response.Headers.XContentTypeOptions = "nosniff";
        return File(bytes, f.ContentType, UploadStore.DownloadName(f.DisplayName, f.ContentType));
    }
}
