namespace Vigil.Web.Features.Family.Portal;

/// <summary>What the family sends in. A question goes on the register, owned by the lead FLO; information becomes a
/// family submission and an action for the investigator, saved together so neither exists without the other.</summary>
public sealed class FamilyIntake(VigilDbContext db, TimeProvider clock, IOptions<FamilyOptions> options, ICaseActionSink actions)
{
    public const int MaxText = 4000;

    /// <summary>Puts a family's question on the register; the problem and the status to answer with when it is refused
    /// (422 for what to change, 429 when the member already has <see cref="FamilyOptions.MaxQuestionsWaiting"/>).</summary>
    public async Task<(string? Problem, int Status)> AskAsync(Guid caseId, Guid accountId, string? text, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(text)) return ("Please type your question.", StatusCodes.Status422UnprocessableEntity);
        if (text.Length > MaxText) return ($"Please keep your question under {MaxText} characters.", StatusCodes.Status422UnprocessableEntity);
        var account = await db.FamilyAccounts.AsNoTracking().FirstAsync(a => a.Id == accountId && a.CaseId == caseId, ct);
        if (await TooManyQuestionsAsync(caseId, account.FamilyMemberId, ct) is { } wait) return (wait, StatusCodes.Status429TooManyRequests);
        var lead = await db.FloDeployments.AsNoTracking().Where(d => d.CaseId == caseId && d.EndedAt == null).OrderBy(d => d.DeployedAt).FirstOrDefaultAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        db.FamilyQuestions.Add(new FamilyQuestion
        {
            CaseId = caseId, FamilyMemberId = account.FamilyMemberId, Source = "portal", Text = text.Trim(), AskedAt = now,
            OwnerName = lead?.OfficerName ?? FamilyQuestion.Unassigned, DueAt = now + options.Value.QuestionDueIn,
        });
        await db.SaveChangesAsync(ct);
        return (null, StatusCodes.Status200OK);
    }

    /// <summary>One count in the store, which every node shares (a per-node limiter would let each node take its own
    /// share). Two questions sent in the same instant may both pass it: the bound is for thousands, not the last one.</summary>
    private async Task<string?> TooManyQuestionsAsync(Guid caseId, Guid memberId, CancellationToken ct)
    {
        var limit = options.Value.MaxQuestionsWaiting;
        var dayAgo = clock.GetUtcNow().UtcDateTime.AddDays(-1);
        var waiting = await db.FamilyQuestions.AsNoTracking().CountAsync(q => q.CaseId == caseId && q.FamilyMemberId == memberId
            && q.Source == "portal" && (q.AnsweredAt == null || q.AskedAt >= dayAgo), ct);
        return waiting < limit ? null
            : $"You have asked {limit} questions that are still waiting for an answer or were sent in the last day, and your family "
              + "liaison officer has every one of them. Please wait for their answers before sending more, or telephone your family "
              + "liaison officer. Your question is still in the box below, so you can copy it or send it later.";
    }

    public async Task<IReadOnlyList<string>> SubmitAsync(Guid caseId, Guid accountId, string? text, IReadOnlyList<IFormFile> files, CancellationToken ct)
    {
        var o = options.Value;
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(text)) problems.Add("Please tell us what the information is about.");
        else if (text.Length > MaxText) problems.Add($"Please keep the message under {MaxText} characters.");
        if (files.Count > o.MaxFiles) problems.Add($"Please send at most {o.MaxFiles} files at a time.");
        problems.AddRange(files.Select(f => UploadStore.Refusal(f, o.MaxFileBytes)).OfType<string>());
        if (problems.Count == 0 && await OverLimitAsync(accountId, files.Sum(f => f.Length), ct) is { } limit) problems.Add(limit);
        if (problems.Count > 0) return problems;

        var stored = new List<StoredUpload>();
        foreach (var file in files)
        {
            var (upload, refusal) = await UploadStore.ReadAsync(file, ct);
            if (refusal is not null) problems.Add(refusal); else stored.Add(upload!);
        }
        if (problems.Count > 0) return problems;
        var account = await db.FamilyAccounts.AsNoTracking().FirstAsync(a => a.Id == accountId && a.CaseId == caseId, ct);
        var member = await db.FamilyMembers.AsNoTracking().FirstAsync(m => m.Id == account.FamilyMemberId, ct);
        var submission = new FamilySubmission
        {
            CaseId = caseId, FamilyAccountId = accountId, SubmittedBy = $"{member.Name} ({member.Relationship})",
            SubmittedAt = clock.GetUtcNow().UtcDateTime, Text = text!.Trim(),
            Files = stored.Select(s => new SubmissionFile { CaseId = caseId, DisplayName = s.DisplayName, StoredName = s.StoredName, ContentType = s.ContentType, Length = s.Length, Sha256 = s.Sha256 }).ToList(),
        };
        db.FamilySubmissions.Add(submission);
        // The bytes commit with their rows: every node serves them, and a failed save leaves no file behind (ADR 1621).
        db.SubmissionFileContents.AddRange(submission.Files.Zip(stored, (f, s) => new SubmissionFileContent { SubmissionFileId = f.Id, Bytes = s.Bytes }));
        // The action is read by everyone who reads the case; what the family wrote stays in the family file (ADR 0502).
        await actions.RaiseAsync(db, new ActionRequest(caseId, "family-submission", "Assess information from the family",
            $"The family sent information through the portal ({Plural.Count(stored.Count, "file", "files")}). Read it in the family file and record what was done with it.",
            Mandatory: true, DueIn: o.SubmissionAssessWithin, RaisedBy: FamilyAuth.AuditActor(accountId)), ct);
        await db.SaveChangesAsync(ct);
        return [];
    }

    /// <summary>Per-account bounds, counted before any file is stored (ADR 0507).</summary>
    private async Task<string?> OverLimitAsync(Guid accountId, long incomingBytes, CancellationToken ct)
    {
        var o = options.Value;
        var mine = db.FamilySubmissions.AsNoTracking().Where(s => s.FamilyAccountId == accountId);
        if (await mine.CountAsync(s => s.AssessedAt == null, ct) >= o.MaxOpenSubmissions)
            return $"You have sent {o.MaxOpenSubmissions} pieces of information the investigation team has not yet looked at. "
                + "Please wait until they have, or speak to your family liaison officer.";
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-1);
        var sent = await mine.Where(s => s.SubmittedAt >= since).SelectMany(s => s.Files).SumAsync(f => (long?)f.Length, ct) ?? 0;
        return sent + incomingBytes > o.MaxBytesPerDay
            ? $"These files would take you over {o.MaxBytesPerDay / (1024 * 1024)} MB sent in one day. Please send them tomorrow, or give them to your family liaison officer."
            : null;
    }
}
