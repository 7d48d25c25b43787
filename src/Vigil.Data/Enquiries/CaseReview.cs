namespace Vigil.Data.Enquiries;

/// <summary>A scheduled case review (e.g. at 24 hours, 7 and 28 days) and its recorded outcome.</summary>
public class CaseReview
{
    public Guid Id { get; set; } = NewId.Version7();
    public Guid CaseId { get; set; }
    /// <summary>The schedule's label, e.g. "24h", "7d".</summary>
    public string Label { get; set; } = "";
    public DateTime DueAt { get; set; }
    public DateTime? CompletedAt { get; set; }
    public string? CompletedBy { get; set; }
    public string? Outcome { get; set; }
    /// <summary>The due date whose "review due" event the due-event sweep has raised (ADR 1633): bookkeeping, not audited.</summary>
    public DateTime? NoticedDueAt { get; set; }
}
