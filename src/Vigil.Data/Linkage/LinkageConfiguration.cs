namespace Vigil.Data.Linkage;

internal sealed class LinkCandidateConfiguration : IEntityTypeConfiguration<LinkCandidate>
{
    public void Configure(EntityTypeBuilder<LinkCandidate> b)
    {
        b.ToTable("link_candidates");
        b.HasOne<DeathCase>().WithMany().HasForeignKey(c => c.NewerCaseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<DeathCase>().WithMany().HasForeignKey(c => c.EarlierCaseId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(c => new { c.NewerCaseId, c.EarlierCaseId }).IsUnique();
        b.HasIndex(c => c.EarlierCaseId);
        // The queue lists open candidates, highest probability first.
        b.HasIndex(c => new { c.Status, c.Probability });
        // Two analysts deciding one candidate at once: the second save fails instead of overwriting the first.
        b.Property(c => c.Status).HasMaxLength(16).IsConcurrencyToken();
        b.Property(c => c.Summary).HasMaxLength(4000);
        b.Property(c => c.Explanation).HasMaxLength(16000);
        b.Property(c => c.Kind).HasMaxLength(16);
    }
}

internal sealed class LinkDecisionConfiguration : IEntityTypeConfiguration<LinkDecision>
{
    public void Configure(EntityTypeBuilder<LinkDecision> b)
    {
        b.ToTable("link_decisions");
        b.HasOne<LinkCandidate>().WithMany().HasForeignKey(d => d.CandidateId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(d => d.CandidateId);
        b.Property(d => d.Reason).HasMaxLength(2000);
        b.Property(d => d.DecidedBy).HasMaxLength(450);
    }
}

internal sealed class LinkedSeriesConfiguration : IEntityTypeConfiguration<LinkedSeries>
{
    public void Configure(EntityTypeBuilder<LinkedSeries> b)
    {
        b.ToTable("linked_series");
        b.Property(s => s.Reference).HasMaxLength(32);
        b.Property(s => s.Status).HasMaxLength(16);
        b.Property(s => s.Kind).HasMaxLength(16);
        b.Property(s => s.Summary).HasMaxLength(4000);
        b.HasIndex(s => new { s.Status, s.CreatedAt });
        b.HasIndex(s => s.Reference).IsUnique();
        b.Property(s => s.CreatedBy).HasMaxLength(450);
        b.HasMany(s => s.Members).WithOne().HasForeignKey(m => m.SeriesId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LinkedSeriesMemberConfiguration : IEntityTypeConfiguration<LinkedSeriesMember>
{
    public void Configure(EntityTypeBuilder<LinkedSeriesMember> b)
    {
        b.ToTable("linked_series_members");
        b.HasOne<DeathCase>().WithMany().HasForeignKey(m => m.CaseId).OnDelete(DeleteBehavior.Restrict);
        // A case is proposed to a series once; "one confirmed series per case" is kept by merging on confirmation.
        b.HasIndex(m => new { m.SeriesId, m.CaseId }).IsUnique();
        b.HasIndex(m => m.CaseId);
        // The queue lists proposed members, most probable first.
        b.HasIndex(m => new { m.Status, m.Probability });
        b.Property(m => m.Status).HasMaxLength(16).IsConcurrencyToken();
        b.Property(m => m.Evidence).HasMaxLength(16);
        b.Property(m => m.Reasons).HasMaxLength(4000);
        b.Property(m => m.AddedBy).HasMaxLength(450);
        b.Property(m => m.DecidedBy).HasMaxLength(450);
        b.Property(m => m.DecisionReason).HasMaxLength(2000);
    }
}
