namespace Vigil.Data.Linkage;

internal sealed class LinkCandidateConfiguration : IEntityTypeConfiguration<LinkCandidate>
{
    public void Configure(EntityTypeBuilder<LinkCandidate> b)
    {
        b.HasOne<DeathCase>().WithMany().HasForeignKey(c => c.NewerCaseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<DeathCase>().WithMany().HasForeignKey(c => c.EarlierCaseId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(c => new { c.NewerCaseId, c.EarlierCaseId }).IsUnique();
        // The queue lists open candidates, highest probability first.
        b.HasIndex(c => new { c.Status, c.Probability });
        // Two analysts deciding one candidate at once: the second save fails instead of overwriting the first.
        b.Property(c => c.Status).HasMaxLength(16).IsConcurrencyToken();
        b.HasMaxLength(16, c => c.Kind);
        b.HasMaxLength(4000, c => c.Summary);
        b.HasMaxLength(16000, c => c.Explanation);
    }
}

internal sealed class LinkDecisionConfiguration : IEntityTypeConfiguration<LinkDecision>
{
    public void Configure(EntityTypeBuilder<LinkDecision> b)
    {
        b.HasOne<LinkCandidate>().WithMany().HasForeignKey(d => d.CandidateId).OnDelete(DeleteBehavior.Restrict);
        b.HasMaxLength(450, d => d.DecidedBy);
        b.HasMaxLength(2000, d => d.Reason);
    }
}

internal sealed class LinkedSeriesConfiguration : IEntityTypeConfiguration<LinkedSeries>
{
    public void Configure(EntityTypeBuilder<LinkedSeries> b)
    {
        b.HasMaxLength(16, s => s.Status, s => s.Kind);
        b.HasMaxLength(32, s => s.Reference);
        b.HasMaxLength(450, s => s.CreatedBy);
        b.HasMaxLength(4000, s => s.Summary);
        b.HasIndex(s => new { s.Status, s.CreatedAt });
        b.HasIndex(s => s.Reference).IsUnique();
        b.HasMany(s => s.Members).WithOne().HasForeignKey(m => m.SeriesId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LinkedSeriesMemberConfiguration : IEntityTypeConfiguration<LinkedSeriesMember>
{
    public void Configure(EntityTypeBuilder<LinkedSeriesMember> b)
    {
        b.HasOne<DeathCase>().WithMany().HasForeignKey(m => m.CaseId).OnDelete(DeleteBehavior.Restrict);
        // A case is proposed to a series once; "one confirmed series per case" is kept by merging on confirmation.
        b.HasIndex(m => new { m.SeriesId, m.CaseId }).IsUnique();
        // The queue lists proposed members, most probable first.
        b.HasIndex(m => new { m.Status, m.Probability });
        b.Property(m => m.Status).HasMaxLength(16).IsConcurrencyToken();
        b.HasMaxLength(16, m => m.Evidence);
        b.HasMaxLength(450, m => m.AddedBy, m => m.DecidedBy);
        b.HasMaxLength(2000, m => m.DecisionReason);
        b.HasMaxLength(4000, m => m.Reasons);
    }
}
