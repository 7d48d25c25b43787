using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Vigil.Data.Family;
using Vigil.Web.Features.Family.Portal;

namespace Vigil.Web.Features.Family;

/// <summary>The family file's form posts, one handler per register.</summary>
public sealed partial class CaseFamilyModel
{
    public Task<IActionResult> OnPostFileAsync(Guid id, DateTime? identifiedAt, string? plainStatus, DateTime? nextReviewAt, bool ended, CancellationToken ct) =>
        ChangeAsync(id, async () => { await commands.SaveFileAsync(id, Utc(identifiedAt), plainStatus, Utc(nextReviewAt), ended, Me, ct); return null; }, "Liaison details saved.", ct);

    public Task<IActionResult> OnPostMemberAsync(Guid id, FamilyMember member, CancellationToken ct) =>
        ChangeAsync(id, () => commands.AddMemberAsync(new FamilyMember
        {
            CaseId = id, Name = member.Name?.Trim() ?? "", Relationship = member.Relationship?.Trim() ?? "", ContactPreference = member.ContactPreference,
            Phone = member.Phone, Email = member.Email, Language = member.Language, SupportNeeds = member.SupportNeeds,
        }, ct), "Family member added.", ct);

    public Task<IActionResult> OnPostDeployAsync(Guid id, string? officerName, string? contactDetails, CancellationToken ct) =>
        ChangeAsync(id, () => commands.DeployAsync(id, MyId, officerName ?? "", contactDetails ?? "", ct), "You are deployed as FLO on this case.", ct);

    public Task<IActionResult> OnPostContactAsync(Guid id, Guid? memberId, DateTime? at, string? method, string? summary, string? disclosed, DateTime? nextContactDue, CancellationToken ct) =>
        ChangeAsync(id, () => commands.LogContactAsync(new FamilyContact
        {
            CaseId = id, FamilyMemberId = memberId, At = Utc(at) ?? Now, Method = method ?? "", By = Me, Summary = summary ?? "", NextContactDue = Utc(nextContactDue),
        }, disclosed, ct), "Contact logged.", ct);

    public Task<IActionResult> OnPostQuestionAsync(Guid id, Guid? memberId, string? text, string? owner, DateTime? dueAt, CancellationToken ct) =>
        ChangeAsync(id, () => commands.AddQuestionAsync(id, memberId, text, string.IsNullOrWhiteSpace(owner) ? Me : owner.Trim(), Utc(dueAt), "recorded", ct), "Question recorded.", ct);

    public Task<IActionResult> OnPostAnswerAsync(Guid id, Guid questionId, string? answer, CancellationToken ct) =>
        ChangeAsync(id, () => commands.AnswerAsync(id, questionId, answer, Me, ct), "Answer recorded and shared with the family.", ct);

    public Task<IActionResult> OnPostDisclosureAsync(Guid id, bool withheld, string? what, string? reason, CancellationToken ct) =>
        ChangeAsync(id, () => commands.RecordDisclosureAsync(id, withheld, what, reason, Me, ct), "Disclosure log updated.", ct);

    public Task<IActionResult> OnPostTaskAsync(Guid id, Guid taskId, string? outcome, CancellationToken ct) =>
        ChangeAsync(id, () => commands.CompleteTaskAsync(id, taskId, outcome, Me, ct), "Task completed.", ct);

    public Task<IActionResult> OnPostAssessAsync(Guid id, Guid submissionId, string? outcome, CancellationToken ct) =>
        ChangeAsync(id, () => commands.AssessSubmissionAsync(id, submissionId, outcome, Me, ct), "Assessment recorded.", ct);

    public Task<IActionResult> OnPostWithdrawAsync(Guid id, Guid accountId, CancellationToken ct) =>
        ChangeAsync(id, async () => { await commands.WithdrawAccountAsync(id, accountId, ct); return null; }, "Portal access withdrawn.", ct);

    public async Task<IActionResult> OnPostInviteAsync(Guid id, Guid memberId, [FromServices] FamilyInvitations invitations, CancellationToken ct) =>
        await ChangeAsync(id, async () =>
        {
            if (!await db.FamilyMembers.AnyAsync(m => m.Id == memberId && m.CaseId == id, ct)) return "Choose a family member of this case.";
            if (await db.FamilyAccounts.AnyAsync(a => a.FamilyMemberId == memberId, ct)) return "That family member already has a portal account.";
            var (_, token) = await invitations.CreateAsync(id, memberId, Me, ct);
            // Shown once to the FLO to pass on in person or by a channel the family chose; only its hash is kept.
            InvitationLink = $"{Request.Scheme}://{Request.Host}/family/accept?token={token}";
            return null;
        }, "Invitation created. Give the link to the family member; it is shown only now.", ct);

    public Task<IActionResult> OnPostRevokeAsync(Guid id, Guid invitationId, [FromServices] FamilyInvitations invitations, CancellationToken ct) =>
        ChangeAsync(id, async () => { await invitations.RevokeAsync(id, invitationId, ct); return null; }, "Invitation revoked.", ct);

    /// <summary>A family upload, for officers of the case only: always a download, never rendered by the browser.</summary>
    public async Task<IActionResult> OnGetUploadAsync(Guid id, Guid fileId, [FromServices] UploadStore store, CancellationToken ct)
    {
        if (!await access.CanLiaiseAsync(id, ct)) return NotFound();
        var f = await db.SubmissionFiles.AsNoTracking().FirstOrDefaultAsync(x => x.Id == fileId && x.CaseId == id, ct);
        if (f is null) return NotFound();
        Audit.ReadAudit.Record(HttpContext, db, "download", nameof(SubmissionFile), f.Id.ToString(), id, "{}");
        await db.SaveChangesAsync(ct);
        Response.Headers.XContentTypeOptions = "nosniff";
        return PhysicalFile(Path.Combine(store.Folder, f.StoredName), f.ContentType, f.DisplayName);
    }
}
