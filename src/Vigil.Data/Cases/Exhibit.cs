namespace Vigil.Data.Cases;

/// <summary>An item recovered at or connected with a death. Chain of custody attaches here (issue 3).</summary>
public class Exhibit
{
    public Guid Id { get; set; } = NewId.Version7();
    public Guid CaseId { get; set; }
    /// <summary>Unique exhibit reference, e.g. VGL-2026-000042/EX-03.</summary>
    public string Reference { get; set; } = "";
    public string Type { get; set; } = "other";
    public string? Description { get; set; }
    /// <summary>Null is "not recorded", never "not tested".</summary>
    public bool? Tested { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>A dated thing that happened in the case: found, reported, and later actions, decisions, movements.</summary>
public class TimelineEvent
{
    public Guid Id { get; set; } = NewId.Version7();
    public Guid CaseId { get; set; }
    public DateTime OccurredAt { get; set; }
    public string Kind { get; set; } = "";
    public string Description { get; set; } = "";
    public string? RecordedBy { get; set; }
}
