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
}

public static class ExaminationKinds
{
    public const string PostMortem = "post-mortem";
    public const string Toxicology = "toxicology";
    public static readonly IReadOnlyList<string> All = [PostMortem, Toxicology];
}
