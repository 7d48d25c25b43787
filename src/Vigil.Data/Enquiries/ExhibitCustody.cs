namespace Vigil.Data.Enquiries;

/// <summary>One step in an exhibit's chain of custody. Append-only: a wrong entry is corrected by a new one.</summary>
public class ExhibitMovement
{
    public Guid Id { get; set; } = NewId.Version7();
    public Guid CaseId { get; set; }
    public Guid ExhibitId { get; set; }
    /// <summary>When the exhibit moved (may be earlier than when it was recorded).</summary>
    public DateTime MovedAt { get; set; }
    public DateTime RecordedAt { get; set; }
    /// <summary>The officer or person who moved it.</summary>
    public string MovedBy { get; set; } = "";
    public string From { get; set; } = "";
    public string To { get; set; } = "";
    public string Reason { get; set; } = "";
    public string? SealNumber { get; set; }
    public string RecordedBy { get; set; } = "";
}

/// <summary>An exhibit sent to a laboratory, and what came back.</summary>
public class ForensicSubmission
{
    public Guid Id { get; set; } = NewId.Version7();
    public Guid CaseId { get; set; }
    public Guid ExhibitId { get; set; }
    public string Laboratory { get; set; } = "";
    public string Examination { get; set; } = "";
    public DateTime SubmittedAt { get; set; }
    public string SubmittedBy { get; set; } = "";
    public string? Result { get; set; }
    public DateTime? ResultAt { get; set; }
    public string? ResultRecordedBy { get; set; }
}

/// <summary>A post-mortem or toxicology result received. Classification to "not suspicious" waits for both.</summary>
public class ExaminationResult
{
    public Guid Id { get; set; } = NewId.Version7();
    public Guid CaseId { get; set; }
    /// <summary><see cref="ExaminationKinds"/>.</summary>
    public string Kind { get; set; } = "";
    public DateTime ReceivedAt { get; set; }
    public string Summary { get; set; } = "";
    public string RecordedBy { get; set; } = "";

    /// <summary>When this result was recorded: a correction's <see cref="ReceivedAt"/> is the laboratory's or pathologist's
    /// date, this is when the record changed (ADR 3368). Null for results recorded before corrections were kept.</summary>
    public DateTime? RecordedAt { get; set; }

    /// <summary>The earlier result this one corrects (an amended report, a mistyped substance or level); null for a first
    /// result. The earlier row is never changed but for <see cref="SupersededAt"/> and its two companions (ADR 3368).</summary>
    public Guid? CorrectsId { get; set; }

    /// <summary>When a correction superseded this result, or it was withdrawn (filed to the wrong case); null while it
    /// stands. The concurrency token: of two officers correcting the same result at once, the second is refused.</summary>
    public DateTime? SupersededAt { get; set; }

    public string? SupersededBy { get; set; }

    /// <summary>Why it was corrected or withdrawn, in the officer's words: required, it is what the history shows.</summary>
    public string? SupersededReason { get; set; }
}

public static class ExaminationKinds
{
    public const string PostMortem = "post-mortem";
    public const string Toxicology = "toxicology";
    public static readonly IReadOnlyList<string> All = [PostMortem, Toxicology];
}
