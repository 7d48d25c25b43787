
namespace Vigil.Data.Oversight;

/// <summary>A finding in the independent reviewer's register, about a case or a linked series. Not case data: the
/// subject is named SubjectCaseId (not CaseId) so the finding never appears in the case's own audit history, which
/// investigators read; only reviewers and users granted the finding see it (ADR 0805).</summary>
public class ReviewFinding
{
    public Guid Id { get; set; } = NewId.Version7();
    /// <summary>e.g. RF-2026-7F3A2C.</summary>
    public string Reference { get; set; } = "";
    public Guid? SubjectCaseId { get; set; }
    public Guid? SubjectSeriesId { get; set; }
    public string Title { get; set; } = "";
    public string Detail { get; set; } = "";
    /// <summary><see cref="FindingSeverity"/>.</summary>
    public string Severity { get; set; } = FindingSeverity.Medium;
    public string? Recommendation { get; set; }
    public string RaisedBy { get; set; } = "";
    public DateTime RaisedAt { get; set; }
    /// <summary>When the force's response is due.</summary>
    public DateTime? ResponseDueAt { get; set; }
    /// <summary><see cref="FindingStatus"/>.</summary>
    public string Status { get; set; } = FindingStatus.Open;
    public int Version { get; set; } = 1;
    public List<FindingEvidence> Evidence { get; set; } = [];
    public List<FindingResponse> Responses { get; set; } = [];
}

/// <summary>What a finding rests on: an audit entry (by number, provable against a signed tree head) or a line of a report.</summary>
public class FindingEvidence
{
    public Guid Id { get; set; } = NewId.Version7();
    public Guid FindingId { get; set; }
    public long? AuditSequence { get; set; }
    public string? ReportLine { get; set; }
    public string? Note { get; set; }
}

/// <summary>The force's response to a finding, by an officer granted the finding.</summary>
public class FindingResponse
{
    public Guid Id { get; set; } = NewId.Version7();
    public Guid FindingId { get; set; }
    public string Text { get; set; } = "";
    public string By { get; set; } = "";
    public DateTime At { get; set; }
}

/// <summary>A reviewer lets one user read (and, for supervisors and investigators, answer) one finding.</summary>
public class FindingGrant
{
    public Guid FindingId { get; set; }
    public string UserId { get; set; } = "";
    public string GrantedBy { get; set; } = "";
    public DateTime GrantedAt { get; set; }
}

public static class FindingSeverity
{
    public const string Low = "low";
    public const string Medium = "medium";
    public const string High = "high";
    public const string Critical = "critical";
    public static readonly IReadOnlyList<string> All = [Low, Medium, High, Critical];
}

public static class FindingStatus
{
    public const string Open = "open";
    public const string Responded = "responded";
    public const string Accepted = "accepted";
    public const string Closed = "closed";
    public static readonly IReadOnlyList<string> All = [Open, Responded, Accepted, Closed];
}

internal sealed class ReviewRegisterConfiguration :
    IEntityTypeConfiguration<ReviewFinding>, IEntityTypeConfiguration<FindingEvidence>, IEntityTypeConfiguration<FindingResponse>, IEntityTypeConfiguration<FindingGrant>
{
    public void Configure(EntityTypeBuilder<ReviewFinding> b)
    {
        b.HasMaxLength(16, f => f.Severity, f => f.Status);
        b.HasMaxLength(32, f => f.Reference);
        b.HasMaxLength(300, f => f.Title);
        b.HasMaxLength(4000, f => f.Recommendation);
        b.HasMaxLength(8000, f => f.Detail);
        b.HasIndex(f => f.Reference).IsUnique();
        b.Property(f => f.Version).IsConcurrencyToken();
        b.HasIndex(f => f.SubjectCaseId);
        b.HasIndex(f => f.SubjectSeriesId);
        b.HasMany(f => f.Evidence).WithOne().HasForeignKey(e => e.FindingId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(f => f.Responses).WithOne().HasForeignKey(r => r.FindingId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<FindingEvidence> b)
    {
        b.ToTable("review_finding_evidence");
        b.HasMaxLength(2000, e => e.ReportLine, e => e.Note);
    }

    public void Configure(EntityTypeBuilder<FindingResponse> b)
    {
        b.ToTable("review_finding_responses");
        b.HasMaxLength(8000, r => r.Text);
    }

    public void Configure(EntityTypeBuilder<FindingGrant> b)
    {
        b.ToTable("review_finding_grants");
        b.HasKey(g => new { g.FindingId, g.UserId });
        b.HasIndex(g => g.UserId);
        b.Unbounded(g => g.GrantedBy);
        b.HasOne<ReviewFinding>().WithMany().HasForeignKey(g => g.FindingId).OnDelete(DeleteBehavior.Cascade);
    }
}
