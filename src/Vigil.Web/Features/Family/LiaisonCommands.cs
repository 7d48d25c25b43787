namespace Vigil.Web.Features.Family;

/// <summary>The FLO's and investigator's changes to a case's family file. Each returns the <see cref="Refusal"/> that
/// stopped it (ADR 1191) or null; every change is audited by the interceptor, and what is shared with the family lands in
/// the disclosure log.</summary>
public sealed class LiaisonCommands(VigilDbContext db, TimeProvider clock, IOptions<FamilyOptions> options, FamilyNowKnown known)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public Task SaveFileAsync(Guid caseId, DateTime? identifiedAt, string? plainStatus, DateTime? nextReviewAt, bool ended, string by, CancellationToken ct) =>
        SaveFileAsync(caseId, null, identifiedAt, plainStatus, nextReviewAt, ended, by, ct);

    /// <summary>Saves the liaison details made against <paramref name="expectedVersion"/> (the ticks of the file's
    /// <c>UpdatedAt</c> as the officer read it, 0 before the first save; null: no check). False when they were saved by
    /// someone else first, nothing written. The database decides at the UPDATE (<c>UpdatedAt</c> is the file's
    /// concurrency token) or the INSERT (its key, the case), not a read before it: two saves in the same milliseconds
    /// both passed a read-then-compare (ADR 3235).</summary>
    public async Task<bool> SaveFileAsync(Guid caseId, long? expectedVersion, DateTime? identifiedAt, string? plainStatus, DateTime? nextReviewAt, bool ended, string by, CancellationToken ct)
    {
        var file = await db.FamilyFiles.FirstOrDefaultAsync(f => f.CaseId == caseId, ct);
        if (expectedVersion is { } seen && seen != (file?.UpdatedAt.Ticks ?? 0)) return false;
        file ??= await NewFileAsync(caseId, ct);
        plainStatus = Blank(plainStatus);
        // The status the family reads is something they have been told: it belongs in the disclosure log.
        if (plainStatus is not null && !string.Equals(plainStatus, file.PlainStatus, StringComparison.Ordinal))
            db.Disclosures.Add(new Disclosure { CaseId = caseId, At = Now, By = by, What = $"Status shown to the family: {plainStatus}" });
        file.IdentifiedAt = identifiedAt;
        file.PlainStatus = plainStatus;
        file.NextReviewAt = nextReviewAt;
        file.LiaisonEndedAt = ended ? file.LiaisonEndedAt ?? Now : null;
        file.UpdatedAt = Now;
        return await SavedFileFirstAsync(caseId, file, ct);
    }

    /// <summary>"Next case review" set to a review the case has scheduled, in one press (ADR 3245): the family is told
    /// only the date their FLO chooses, so the portal never reads the schedule itself; this lets her choose from it. The
    /// button is in the details form and sends its version (<paramref name="expectedVersion"/>, checked as the details' save
    /// checks it): pressed on details another officer has saved since, it is their stale form, <see cref="FileOvertaken"/>,
    /// not a date set on details never seen (ADR 3271).</summary>
    public async Task<Refusal?> UseReviewDateAsync(Guid caseId, Guid reviewId, long? expectedVersion, CancellationToken ct)
    {
        var due = await db.CaseReviews.Where(r => r.Id == reviewId && r.CaseId == caseId && r.CompletedAt == null).Select(r => (DateTime?)r.DueAt).FirstOrDefaultAsync(ct);
        if (due is null) return ReviewDone;
        var file = await db.FamilyFiles.FirstOrDefaultAsync(f => f.CaseId == caseId, ct);
        if (expectedVersion is { } seen && seen != (file?.UpdatedAt.Ticks ?? 0)) return FileOvertaken;
        file ??= await NewFileAsync(caseId, ct);
        file.NextReviewAt = due;
        file.UpdatedAt = Now;
        return await SavedFileFirstAsync(caseId, file, ct) ? null : FileOvertaken;
    }

    /// <summary>The case's family file, made now: the family may become known by it (<see cref="FamilyNowKnown"/>).</summary>
    private async Task<FamilyFile> NewFileAsync(Guid caseId, CancellationToken ct)
    {
        await known.RaiseIfFirstAsync(db, caseId, ct);
        var file = new FamilyFile { CaseId = caseId };
        db.FamilyFiles.Add(file);
        return file;
    }

    /// <summary>"Use this date" pressed on a review done since the page offered it: the details form's stale form, 409 and
    /// the page as stored, as the details overtaken are (ADR 3296).</summary>
    public static readonly Refusal ReviewDone = Refusal.Conflict("That review is no longer scheduled: it has been done since you opened this page.");

    /// <summary>The liaison details were saved by another officer between this request's read of them and its save: the
    /// database refused this one (ADR 3235); the family file answers it as a stale form (ADR 3259).</summary>
    public static readonly Refusal FileOvertaken = Refusal.Conflict("The liaison details have changed since you opened this page.",
        "Another officer has saved them: they are shown as they are now. Make your change again.");

    /// <summary>Saves the file's change; false when another officer's save changed the row since this request read it
    /// (the UPDATE matched none: <c>UpdatedAt</c> is its token) or created it first (the INSERT hit the key, the case).
    /// Nothing of a lost save stays tracked for the page shown next.</summary>
    private async Task<bool> SavedFileFirstAsync(Guid caseId, FamilyFile file, CancellationToken ct)
    {
        var adding = db.Entry(file).State == EntityState.Added;
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException lost) when (lost is DbUpdateConcurrencyException || adding)
        {
            db.ChangeTracker.Clear();
            if (adding && !await db.FamilyFiles.AnyAsync(f => f.CaseId == caseId, ct)) throw;
            return false;
        }
    }

    public async Task<Refusal?> AddMemberAsync(FamilyMember m, CancellationToken ct)
    {
        if (Blank(m.Name) is null || Blank(m.Relationship) is null) return Refusal.Invalid("Enter the family member's name and relationship.");
        m.CreatedAt = Now;
        await known.RaiseIfFirstAsync(db, m.CaseId, ct);
        db.FamilyMembers.Add(m);
        await db.SaveChangesAsync(ct);
        return null;
    }

    public async Task<Refusal?> DeployAsync(Guid caseId, string userId, string officerName, string contact, CancellationToken ct)
    {
        if (Blank(officerName) is null || Blank(contact) is null) return Refusal.Invalid("Enter the officer's name and how the family can reach them.");
        // Once is enough: a second deployment listed the same officer twice to the family (walk31).
        if (await DeployedAsync(caseId, userId, ct)) return Refusal.Conflict("You are already deployed as FLO on this case.");
        await known.RaiseIfFirstAsync(db, caseId, ct);
        db.FloDeployments.Add(new FloDeployment { CaseId = caseId, OfficerUserId = userId, OfficerName = officerName.Trim(), ContactDetails = contact.Trim(), DeployedAt = Now });
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateException)
        {
            // The read above passed for two requests in the same milliseconds (two tabs, a double press): the unique index
            // over active deployments refused the second INSERT (ADR 3256), and nothing of this save was written.
            db.ChangeTracker.Clear();
            if (!await DeployedAsync(caseId, userId, ct)) throw;
            return DeployOvertaken;
        }
    }

    /// <summary>This officer was deployed on the case by another request of theirs between this one's read and its save.</summary>
    public static readonly Refusal DeployOvertaken = Refusal.Conflict("You are already deployed as FLO on this case.",
        "Your deployment from another page was saved at the same moment: it is shown as it is now.");

    private Task<bool> DeployedAsync(Guid caseId, string userId, CancellationToken ct) =>
        db.FloDeployments.AnyAsync(d => d.CaseId == caseId && d.OfficerUserId == userId && d.EndedAt == null, ct);

    public async Task<Refusal?> LogContactAsync(FamilyContact contact, string? disclosed, CancellationToken ct)
    {
        if (Blank(contact.Method) is null || Blank(contact.Summary) is null) return Refusal.Invalid("Enter how the contact was made and a summary.");
        if (contact.At > Now.AddMinutes(5)) return Refusal.Invalid("A contact cannot be logged in the future.");
        if (await NotOfTheFamilyAsync(contact.CaseId, contact.FamilyMemberId, ct)) return NotAMember;
        contact.RecordedAt = Now;
        db.FamilyContacts.Add(contact);
        if (Blank(disclosed) is { } what) db.Disclosures.Add(new Disclosure { CaseId = contact.CaseId, At = contact.At, By = contact.By, What = what });
        await db.SaveChangesAsync(ct);
        return null;
    }

    public async Task<Refusal?> AddQuestionAsync(Guid caseId, Guid? memberId, string? text, string owner, DateTime? dueAt, string source, CancellationToken ct)
    {
        if (Blank(text) is null) return Refusal.Invalid("Enter the question.");
        if (await NotOfTheFamilyAsync(caseId, memberId, ct)) return NotAMember;
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
    public async Task<Refusal?> AnswerAsync(Guid caseId, Guid questionId, string? answer, string by, CancellationToken ct)
    {
        var q = await db.FamilyQuestions.FirstOrDefaultAsync(x => x.Id == questionId && x.CaseId == caseId, ct);
        if (q is null) return NotOnCase("question");
        // Answered since the page offered the form: its stale form, as a draft written since is (ADR 3279).
        if (q.AnsweredAt is not null) return AnswerOvertaken;
        // The page offers no answer form while a draft awaits approval: this one was read before another officer's draft,
        // and would replace the draft the officer in charge is reading with one they have not (review56).
        if (q.DraftAnswer is not null) return AnswerOvertaken;
        if (Blank(answer) is null) return Refusal.Invalid("Write the answer the family will read.");
        if (options.Value.AnswersNeedApproval) (q.DraftAnswer, q.DraftBy, q.DraftAt, q.ReturnNote) = (answer!.Trim(), by, Now, null);
        else Share(q, answer!.Trim(), by, approvedBy: null);
        return await db.SavedFirstAsync(ct) ? null : AnswerOvertaken;
    }

    /// <summary>Another officer answered the question, or wrote, approved or returned its draft, since the form was read:
    /// seen against the page (a draft there now, or not the draft the approval form showed: ADR 3265), or by the database
    /// between this request's read and its save (<c>AnsweredAt</c> and <c>DraftAt</c> are the question's concurrency
    /// tokens, ADR 3247). The family reads one answer, the first, and only as its approver read it.</summary>
    public static readonly Refusal AnswerOvertaken = Refusal.Conflict("The answer to this question has changed since you opened this page.",
        "Another officer has answered it, or written or decided its draft, meanwhile: it is shown as it is now.");

    /// <summary>The officer in charge approves a draft answer: the family sees it from now. <paramref name="draftShown"/>:
    /// the draft's <c>DraftAt</c> ticks as the approval form showed it (ADR 3265).</summary>
    public async Task<Refusal?> ApproveAnswerAsync(Guid caseId, Guid questionId, long? draftShown, AnswerApprover by, CancellationToken ct)
    {
        var (q, refused) = await DraftToDecideAsync(caseId, questionId, draftShown, by, ct);
        if (q is null) return refused;
        Share(q, q.DraftAnswer!, q.DraftBy!, approvedBy: by.UserName);
        (q.DraftAnswer, q.DraftBy, q.DraftAt) = (null, null, null);
        return await db.SavedFirstAsync(ct) ? null : AnswerOvertaken;
    }

    /// <summary>The officer in charge sends a draft back to its author with what to change.</summary>
    public async Task<Refusal?> ReturnAnswerAsync(Guid caseId, Guid questionId, long? draftShown, string? note, AnswerApprover by, CancellationToken ct)
    {
        var (q, refused) = await DraftToDecideAsync(caseId, questionId, draftShown, by, ct);
        if (q is null) return refused;
        if (Blank(note) is null) return Refusal.Invalid("Say what should change before the family is answered.");
        (q.ReturnNote, q.DraftAnswer, q.DraftBy, q.DraftAt) = ($"{note!.Trim()} ({by.UserName})", null, null, null);
        return await db.SavedFirstAsync(ct) ? null : AnswerOvertaken;
    }

    /// <summary>The question whose draft answer <paramref name="by"/> may approve or return, or why not: they must be
    /// able to change the case, there must be a draft, and <see cref="AnswerApproval"/> must name them (ADR 1403). The draft
    /// must be the one the form showed (<paramref name="draftShown"/>, its <c>DraftAt</c> ticks; unchecked when not sent,
    /// as the decision form's version): returned and written again since, it is text the approver has not read (ADR 3265).</summary>
    private async Task<(FamilyQuestion? Draft, Refusal? Refused)> DraftToDecideAsync(Guid caseId, Guid questionId, long? draftShown, AnswerApprover by,
        CancellationToken ct)
    {
        if (!by.MayChangeCase) return (null, Refusal.Forbidden("Only the officer in charge of the case can approve or return an answer to the family."));
        var q = await db.FamilyQuestions.FirstOrDefaultAsync(x => x.Id == questionId && x.CaseId == caseId, ct);
        // A form that showed a draft since sent or returned (from another tab, or by another approver) is its stale form:
        // 409, the question as it now is and the note as typed. Said as "no draft", the page put the refusal in no form
        // when the draft had been returned, and the note was lost (review59).
        if (q?.DraftAnswer is null)
            return (null, q is null ? NotOnCase("question") : draftShown is not null ? AnswerOvertaken : Refusal.Conflict("There is no answer awaiting approval on that question."));
        var officerInCharge = await AnswerApproval.OfficerInChargeAsync(db, caseId, ct);
        if (AnswerApproval.Refusal(officerInCharge, q.DraftBy!, by) is { } refused) return (null, refused);
        return draftShown is { } shown && q.DraftAt?.Ticks != shown ? (null, AnswerOvertaken) : (q, null);
    }

    private void Share(FamilyQuestion q, string answer, string author, string? approvedBy)
    {
        (q.Answer, q.AnsweredBy, q.AnsweredAt, q.ApprovedBy) = (answer, author, Now, approvedBy);
        db.Disclosures.Add(new Disclosure { CaseId = q.CaseId, At = Now, By = approvedBy ?? author, What = $"Answer to \"{q.Text}\": {q.Answer}" });
    }

    public async Task<Refusal?> RecordDisclosureAsync(Guid caseId, bool withheld, string? what, string? reason, string by, CancellationToken ct)
    {
        if (Blank(what) is null) return Refusal.Invalid("Enter what was shared or withheld.");
        // Withholding from a bereaved family must always be justified on the record.
        if (withheld && Blank(reason) is null) return Refusal.Invalid("Give the reason the information was withheld.");
        db.Disclosures.Add(new Disclosure { CaseId = caseId, At = Now, By = by, Withheld = withheld, What = what!.Trim(), Reason = withheld ? reason!.Trim() : null });
        await db.SaveChangesAsync(ct);
        return null;
    }

    public async Task<Refusal?> CompleteTaskAsync(Guid caseId, Guid taskId, string? outcome, string by, CancellationToken ct) =>
        await CloseWithOutcomeAsync(await db.FamilyTasks.FirstOrDefaultAsync(x => x.Id == taskId && x.CaseId == caseId, ct), t => t.DoneAt is not null,
            NotOnCase("task"), TaskOvertaken, outcome, "Record how the family was told.",
            (t, text) => (t.DoneAt, t.DoneBy, t.Outcome) = (Now, by, text), ct);

    public async Task<Refusal?> AssessSubmissionAsync(Guid caseId, Guid submissionId, string? outcome, string by, CancellationToken ct) =>
        await CloseWithOutcomeAsync(await db.FamilySubmissions.FirstOrDefaultAsync(x => x.Id == submissionId && x.CaseId == caseId, ct), s => s.AssessedAt is not null,
            NotOnCase("submission"), AssessmentOvertaken, outcome, "Record what was done with the family's information.",
            (s, text) => (s.AssessedAt, s.AssessedBy, s.Outcome) = (Now, by, text), ct);

    /// <summary>The task was completed (by another officer, or this one in another tab) since the form was read: seen on the
    /// row read, or by the database at the save when it was done in the same milliseconds (<c>DoneAt</c> is its concurrency
    /// token, ADR 3247). The family file's stale form: 409, the task as it now is, what this officer wrote beside it (ADR 3279).</summary>
    public static readonly Refusal TaskOvertaken = Refusal.Conflict("This task has been completed since you opened this page.",
        "It is shown as it is now, with who completed it and what they recorded; what you wrote was not recorded.");

    /// <summary>The same for the family's information, assessed since the form was read (<c>AssessedAt</c> is its token).</summary>
    public static readonly Refusal AssessmentOvertaken = Refusal.Conflict("This information has been assessed since you opened this page.",
        "It is shown as it is now, with who assessed it and what they recorded; what you wrote was not recorded.");

    /// <summary>Closes an open task or submission with what was done about it. Refused when it is not on the case
    /// (<paramref name="notOnCase"/>); when another officer closed it, before this request read it (<paramref name="closed"/>)
    /// or in the same milliseconds (the save's lost race): <paramref name="overtaken"/>, as the page that offered the form
    /// was; or when the outcome is blank (<paramref name="askForOutcome"/>).</summary>
    private async Task<Refusal?> CloseWithOutcomeAsync<T>(T? row, Func<T, bool> closed, Refusal notOnCase, Refusal overtaken, string? outcome,
        string askForOutcome, Action<T, string> close, CancellationToken ct)
        where T : class
    {
        if (row is null) return notOnCase;
        if (closed(row)) return overtaken;
        if (Blank(outcome) is not { } text) return Refusal.Invalid(askForOutcome);
        close(row, text);
        return await db.SavedFirstAsync(ct) ? null : overtaken;
    }

    /// <summary>Ends a family account's portal access; one withdrawn already stays so (null: nothing to refuse). An account
    /// the case does not hold is refused <see cref="NotOnCase"/>: before, it was answered "Portal access withdrawn." with
    /// nothing written (ADR 3317).</summary>
    public async Task<Refusal?> WithdrawAccountAsync(Guid caseId, Guid accountId, CancellationToken ct)
    {
        var a = await db.FamilyAccounts.FirstOrDefaultAsync(x => x.Id == accountId && x.CaseId == caseId, ct);
        if (a is null) return NotOnCase("portal account");
        if (a.DisabledAt is not null) return null;
        a.DisabledAt = Now;
        a.SecurityStamp = Guid.NewGuid().ToString("N");
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>A member posted beside the case who is no member of its family (another case's, or no one's): the
    /// register would name a person of another family as the one spoken to or asking (ADR 3234).</summary>
    private async Task<bool> NotOfTheFamilyAsync(Guid caseId, Guid? memberId, CancellationToken ct) =>
        memberId is { } id && !await db.FamilyMembers.AnyAsync(m => m.Id == id && m.CaseId == caseId, ct);

    private static readonly Refusal NotAMember = Refusal.Invalid("Choose one of this family's members, or \"the family\".");

    /// <summary>A question, task or submission id the case's family file does not hold: a form the page never offered (a
    /// forged post), no race and no state of the case. 404, as the API answers an action, exhibit or review not on its
    /// case; the task's and submission's said 409, which reads "the case has moved on, look again" (ADR 3306). The family
    /// page answers it as every refusal that is not a stale form: 422, the page and the refusal, in the page's own summary
    /// (no form of the page is for a row the case does not hold, ADR 3318). An invitation or portal account too (ADR 3317).</summary>
    internal static Refusal NotOnCase(string what) => new(StatusCodes.Status404NotFound, $"That {what} is not on this case.");

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
