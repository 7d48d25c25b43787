using Vigil.Data.Audit;

namespace Vigil.Data.Family;

/// <summary>One row per case with any family row (ADR 1649, 3267): the inputs of the liaison dashboard's "needs
/// attention" rule, never its verdict, which depends on the time and on the contact settings and is computed when read.
/// Written only by the database's triggers on the seven family tables (<see cref="CaseLiaisonSql"/>), in the statement
/// that changes them, so no writer can forget it; rebuilt at will (`vigil liaison rebuild`). Derived from rows that are
/// audited themselves, so not audited (as <see cref="Search.SearchDocument"/>).</summary>
public class CaseLiaison : INotAudited
{
    public Guid CaseId { get; set; }
    /// <summary>The case's reference, copied (it never changes once the case exists): the dashboard's order without
    /// reading every case.</summary>
    public string Reference { get; set; } = "";
    public bool HasFile { get; set; }
    /// <summary>The first-contact clock's start (<c>ContactClock</c>, ADR 3224): the earliest identification, deployment,
    /// member recorded or question asked; null when nothing started it.</summary>
    public DateTime? FirstStartAt { get; set; }
    public DateTime? LatestContactAt { get; set; }
    /// <summary>The latest contact's promised next contact (of several at that moment, the earliest promise).</summary>
    public DateTime? LatestContactNextDue { get; set; }
    /// <summary>The earliest due time of the questions not answered.</summary>
    public DateTime? OpenQuestionDueAt { get; set; }
    /// <summary>The earliest due time of the "tell the family" tasks not done.</summary>
    public DateTime? OpenTaskDueAt { get; set; }
    public int UnassessedSubmissions { get; set; }
    public bool LiaisonEnded { get; set; }
    public int ActiveDeployments { get; set; }
    public bool EverDeployed { get; set; }
}

internal sealed class CaseLiaisonConfiguration : IEntityTypeConfiguration<CaseLiaison>
{
    public void Configure(EntityTypeBuilder<CaseLiaison> b)
    {
        b.HasKey(r => r.CaseId);
        b.HasMaxLength(32, r => r.Reference); // as the case's own
        b.BelongsToCase();
    }
}
