namespace Vigil.Data.Family;

/// <summary>A question the family asked, its owner and due date, and the answer given.</summary>
public class FamilyQuestion
{
    public Guid Id { get; set; } = NewId.Version7();
    public Guid CaseId { get; set; }
    public Guid? FamilyMemberId { get; set; }
    /// <summary>"portal" when the family asked it themselves, else "recorded" by staff.</summary>
    public string Source { get; set; } = "recorded";
    public string Text { get; set; } = "";
    public DateTime AskedAt { get; set; }
    /// <summary>The FLO who owns the answer, by name, or <see cref="Unassigned"/>.</summary>
    public string OwnerName { get; set; } = "";
    /// <summary>The owner of a portal question asked while no FLO was deployed.</summary>
    public const string Unassigned = "unassigned (no FLO deployed)";
    /// <summary>When the answer is owed, set once when the question is recorded: the portal tells the family it as the
    /// date the force aims to answer by (ADR 3264). Nothing moves it; a way to move it must keep the first date and say
    /// both to the family (ADR 3277).</summary>
    public DateTime DueAt { get; set; }
    /// <summary>The answer as the family sees it; set only once it is sent (after approval where the force asks for it).</summary>
    public string? Answer { get; set; }
    public string? AnsweredBy { get; set; }
    public DateTime? AnsweredAt { get; set; }
    /// <summary>An answer written but not yet approved by the officer in charge: never shown to the family.</summary>
    public string? DraftAnswer { get; set; }
    public string? DraftBy { get; set; }
    public DateTime? DraftAt { get; set; }
    /// <summary>Who approved the answer the family sees (null when no approval was asked for).</summary>
    public string? ApprovedBy { get; set; }
    /// <summary>Why the last draft was returned to its author, and by whom.</summary>
    public string? ReturnNote { get; set; }
    /// <summary>The due date whose "unanswered" event the due-event sweep has raised (ADR 3178, as ADR 1633): bookkeeping, not
    /// audited, written only by the sweep; it takes the row out of the sweep's pending index.</summary>
    public DateTime? NoticedDueAt { get; set; }
}

/// <summary>What was shared with the family, or deliberately withheld and why (a reason is required).</summary>
public class Disclosure
{
    public Guid Id { get; set; } = NewId.Version7();
    public Guid CaseId { get; set; }
    public DateTime At { get; set; }
    public string By { get; set; } = "";
    public bool Withheld { get; set; }
    public string What { get; set; } = "";
    public string? Reason { get; set; }
}

/// <summary>"Tell the family": raised when something the family must hear about happens to the case.</summary>
public class FamilyTask
{
    public Guid Id { get; set; } = NewId.Version7();
    public Guid CaseId { get; set; }
    public string Kind { get; set; } = "";
    public string Description { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime DueAt { get; set; }
    public DateTime? DoneAt { get; set; }
    public string? DoneBy { get; set; }
    public string? Outcome { get; set; }
    /// <summary>The due date whose "overdue" event the due-event sweep has raised (ADR 3178, as ADR 1633): bookkeeping, not
    /// audited, written only by the sweep; it takes the row out of the sweep's pending index.</summary>
    public DateTime? NoticedDueAt { get; set; }
}

/// <summary>Information the family sent through the portal. Stays "awaiting assessment" until an officer records
/// what was done with it, so it cannot be dropped silently.</summary>
public class FamilySubmission
{
    public Guid Id { get; set; } = NewId.Version7();
    public Guid CaseId { get; set; }
    public Guid FamilyAccountId { get; set; }
    public string SubmittedBy { get; set; } = "";
    public DateTime SubmittedAt { get; set; }
    public string Text { get; set; } = "";
    public DateTime? AssessedAt { get; set; }
    public string? AssessedBy { get; set; }
    public string? Outcome { get; set; }
    public List<SubmissionFile> Files { get; set; } = [];
}

/// <summary>A file the family uploaded. Its bytes are in <see cref="SubmissionFileContent"/> (before ADR 1621, a file
/// under <see cref="StoredName"/> in the node's upload folder); the name they gave is kept (neutralised) for display only.</summary>
public class SubmissionFile
{
    public Guid Id { get; set; } = NewId.Version7();
    public Guid SubmissionId { get; set; }
    public Guid CaseId { get; set; }
    public string DisplayName { get; set; } = "";
    public string StoredName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public long Length { get; set; }
    public string Sha256 { get; set; } = "";
}

/// <summary>The bytes of a family upload, kept in the store so that every web node serves them and every backup holds
/// them (ADR 1621). Not audited itself: the file's row is, with the SHA-256 taken of these bytes when the family sent them.</summary>
public class SubmissionFileContent : Audit.INotAudited
{
    public Guid SubmissionFileId { get; set; }
    public byte[] Bytes { get; set; } = [];
}
