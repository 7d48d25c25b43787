using Vigil.Data.Family;

namespace Vigil.Web.Features.Family;

/// <summary>The FLO's and investigator's changes to a case's family file. Each returns an error in plain words or
/// null; every change is audited by the interceptor, and what is shared with the family lands in the disclosure log.</summary>
public sealed class LiaisonCommands(VigilDbContext db, TimeProvider clock, IOptions<FamilyOptions> options)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task SaveFileAsync(Guid caseId, DateTime? identifiedAt, string? plainStatus, DateTime? nextReviewAt, bool ended, string by, CancellationToken ct)
    {
        var file = await db.FamilyFiles.FirstOrDefaultAsync(f => f.CaseId == caseId, ct);
        if (file is null) db.FamilyFiles.Add(file = new FamilyFile { CaseId = caseId });
        plainStatus = Blank(plainStatus);
        // The status the family reads is something they have been told: it belongs in the disclosure log.
        if (plainStatus is not null && !string.Equals(plainStatus, file.PlainStatus, StringComparison.Ordinal))
            db.Disclosures.Add(new Disclosure { CaseId = caseId, At = Now, By = by, What = $"Status shown to the family: {plainStatus}" });
        file.IdentifiedAt = identifiedAt;
        file.PlainStatus = plainStatus;
        file.NextReviewAt = nextReviewAt;
        file.LiaisonEndedAt = ended ? file.LiaisonEndedAt ?? Now : null;
        file.UpdatedAt = Now;
        await db.SaveChangesAsync(ct);
    }

    public async Task<string?> AddMemberAsync(FamilyMember m, CancellationToken ct)
    {
        if (Blank(m.Name) is null || Blank(m.Relationship) is null) return "Enter the family member's name and relationship.";
        m.CreatedAt = Now;
        db.FamilyMembers.Add(m);
        await db.SaveChangesAsync(ct);
        return null;
    }

    public async Task<string?> DeployAsync(Guid caseId, string userId, string officerName, string contact, CancellationToken ct)
    {
        if (Blank(officerName) is null || Blank(contact) is null) return "Enter the officer's name and how the family can reach them.";
        db.FloDeployments.Add(new FloDeployment { CaseId = caseId, OfficerUserId = userId, OfficerName = officerName.Trim(), ContactDetails = contact.Trim(), DeployedAt = Now });
        await db.SaveChangesAsync(ct);
        return null;
    }

    public async Task<string?> LogContactAsync(FamilyContact contact, string? disclosed, CancellationToken ct)
    {
        if (Blank(contact.Method) is null || Blank(contact.Summary) is null) return "Enter how the contact was made and a summary.";
        if (contact.At > Now.AddMinutes(5)) return "A contact cannot be logged in the future.";
        contact.RecordedAt = Now;
        db.FamilyContacts.Add(contact);
        if (Blank(disclosed) is { } what) db.Disclosures.Add(new Disclosure { CaseId = contact.CaseId, At = contact.At, By = contact.By, What = what });
        await db.SaveChangesAsync(ct);
        return null;
    }

    public async Task<string?> AddQuestionAsync(Guid caseId, Guid? memberId, string? text, string owner, DateTime? dueAt, string source, CancellationToken ct)
    {
        if (Blank(text) is null) return "Enter the question.";
        db.FamilyQuestions.Add(new FamilyQuestion
        {
            CaseId = caseId, FamilyMemberId = memberId, Text = text!.Trim(), Source = source, AskedAt = Now,
            OwnerName = owner, DueAt = dueAt ?? Now + options.Value.QuestionDueIn,
        });
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>Answers a family's question: shared at once, or — where the force asks for approval — held as a draft
    /// for the officer in charge, unseen by the family until approved.</summary>
    public async Task<string?> AnswerAsync(Guid caseId, Guid questionId, string? answer, string by, CancellationToken ct)
    {
        var q = await db.FamilyQuestions.FirstOrDefaultAsync(x => x.Id == questionId && x.CaseId == caseId, ct);
        if (q is null) return "That question is not on this case.";
        if (q.AnsweredAt is not null) return "That question has been answered already.";
        if (Blank(answer) is null) return "Write the answer the family will read.";
        if (options.Value.AnswersNeedApproval) (q.DraftAnswer, q.DraftBy, q.DraftAt, q.ReturnNote) = (answer!.Trim(), by, Now, null);
        else Share(q, answer!.Trim(), by, approvedBy: null);
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>The officer in charge approves a draft answer: the family sees it from now. Its author cannot approve it
    /// (<see cref="AnswerApproval"/>); <paramref name="supervisesCase"/>: a supervisor who may change the case.</summary>
    public async Task<string?> ApproveAnswerAsync(Guid caseId, Guid questionId, string by, bool supervisesCase, CancellationToken ct)
    {
        var q = await db.FamilyQuestions.FirstOrDefaultAsync(x => x.Id == questionId && x.CaseId == caseId, ct);
        if (q?.DraftAnswer is null) return "There is no answer awaiting approval on that question.";
        if (AnswerApproval.Refusal(await AnswerApproval.OfficerInChargeAsync(db, caseId, ct), q.DraftBy!, by, supervisesCase) is { } refused) return refused;
        Share(q, q.DraftAnswer, q.DraftBy!, approvedBy: by);
        (q.DraftAnswer, q.DraftBy, q.DraftAt) = (null, null, null);
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>The officer in charge sends a draft back to its author with what to change.</summary>
    public async Task<string?> ReturnAnswerAsync(Guid caseId, Guid questionId, string? note, string by, bool supervisesCase, CancellationToken ct)
    {
        var q = await db.FamilyQuestions.FirstOrDefaultAsync(x => x.Id == questionId && x.CaseId == caseId, ct);
        if (q?.DraftAnswer is null) return "There is no answer awaiting approval on that question.";
        if (AnswerApproval.Refusal(await AnswerApproval.OfficerInChargeAsync(db, caseId, ct), q.DraftBy!, by, supervisesCase) is { } refused) return refused;
        if (Blank(note) is null) return "Say what should change before the family is answered.";
        (q.ReturnNote, q.DraftAnswer, q.DraftBy, q.DraftAt) = ($"{note!.Trim()} ({by})", null, null, null);
        await db.SaveChangesAsync(ct);
        return null;
    }

    private void Share(FamilyQuestion q, string answer, string author, string? approvedBy)
    {
        (q.Answer, q.AnsweredBy, q.AnsweredAt, q.ApprovedBy) = (answer, author, Now, approvedBy);
        db.Disclosures.Add(new Disclosure { CaseId = q.CaseId, At = Now, By = approvedBy ?? author, What = $"Answer to \"{q.Text}\": {q.Answer}" });
    }

    public async Task<string?> RecordDisclosureAsync(Guid caseId, bool withheld, string? what, string? reason, string by, CancellationToken ct)
    {
        if (Blank(what) is null) return "Enter what was shared or withheld.";
        // Withholding from a bereaved family must always be justified on the record.
        if (withheld && Blank(reason) is null) return "Give the reason the information was withheld.";
        db.Disclosures.Add(new Disclosure { CaseId = caseId, At = Now, By = by, Withheld = withheld, What = what!.Trim(), Reason = withheld ? reason!.Trim() : null });
        await db.SaveChangesAsync(ct);
        return null;
    }

    public async Task<string?> CompleteTaskAsync(Guid caseId, Guid taskId, string? outcome, string by, CancellationToken ct)
    {
        var t = await db.FamilyTasks.FirstOrDefaultAsync(x => x.Id == taskId && x.CaseId == caseId && x.DoneAt == null, ct);
        if (t is null) return "That task is not open on this case.";
        if (Blank(outcome) is null) return "Record how the family was told.";
        (t.DoneAt, t.DoneBy, t.Outcome) = (Now, by, outcome!.Trim());
        await db.SaveChangesAsync(ct);
        return null;
    }

    public async Task<string?> AssessSubmissionAsync(Guid caseId, Guid submissionId, string? outcome, string by, CancellationToken ct)
    {
        var s = await db.FamilySubmissions.FirstOrDefaultAsync(x => x.Id == submissionId && x.CaseId == caseId && x.AssessedAt == null, ct);
        if (s is null) return "That submission is not awaiting assessment on this case.";
        if (Blank(outcome) is null) return "Record what was done with the family's information.";
        (s.AssessedAt, s.AssessedBy, s.Outcome) = (Now, by, outcome!.Trim());
        await db.SaveChangesAsync(ct);
        return null;
    }

    public async Task WithdrawAccountAsync(Guid caseId, Guid accountId, CancellationToken ct)
    {
        var a = await db.FamilyAccounts.FirstOrDefaultAsync(x => x.Id == accountId && x.CaseId == caseId && x.DisabledAt == null, ct);
        if (a is null) return;
        a.DisabledAt = Now;
        a.SecurityStamp = Guid.NewGuid().ToString("N");
        await db.SaveChangesAsync(ct);
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
