namespace Vigil.Data.People;

/// <summary>An analyst's merge of two person records into one, or split of one into two, with the reason.
/// Kept as a register (the person page shows it) beside the audit chain, which records the rows that moved.</summary>
public class PersonChange
{
    public Guid Id { get; set; } = NewId.Version7();
    /// <summary>"merge" or "split".</summary>
    public string Kind { get; set; } = "";
    /// <summary>Merge: the surviving record. Split: the record split from.</summary>
    public Guid PersonId { get; set; }
    /// <summary>Merge: the record merged away. Split: the new record.</summary>
    public Guid OtherPersonId { get; set; }
    /// <summary>The appearances (case_people ids, comma-separated) that moved.</summary>
    public string Appearances { get; set; } = "";
    public string Reason { get; set; } = "";
    public string By { get; set; } = "";
    public DateTime At { get; set; }
}

public static class PersonChangeKinds
{
    public const string Merge = "merge";
    public const string Split = "split";
}
