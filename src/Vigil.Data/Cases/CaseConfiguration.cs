using Vigil.Data.Audit;

namespace Vigil.Data.Cases;

internal sealed class DeathCaseConfiguration : IEntityTypeConfiguration<DeathCase>
{
    public void Configure(EntityTypeBuilder<DeathCase> b)
    {
        b.ToTable("cases");
        b.HasMaxLength(32, c => c.Reference, c => c.Setting, c => c.Position, c => c.Manner);
        b.HasMaxLength(40, c => c.Classification, c => c.SourceClassification);
        b.HasMaxLength(64, c => c.SourceRef);
        b.HasMaxLength(128, c => c.Source, c => c.Area);
        b.HasMaxLength(400, c => c.SceneFeatures);
        b.HasMaxLength(32, c => c.LinkageFingerprint);
        b.HasIndex(c => c.Reference).IsUnique();
        // The idempotence key is per team: no import or create ever looks at another team's records (ADR 0501).
        b.HasIndex(c => new { c.TeamId, c.Source, c.SourceRef }).IsUnique();
        b.Property(c => c.Version).IsConcurrencyToken();
        b.Property(c => c.DecisionVersion).IsConcurrencyToken().IsNotAudited();
        b.OwnsOne(c => c.Deceased, d =>
        {
            d.Property(x => x.Name).HasColumnName("deceased_name").HasMaxLength(200);
            d.Property(x => x.NameSearch).HasColumnName("deceased_name_search").HasMaxLength(200);
            d.Property(x => x.Sex).HasColumnName("deceased_sex").HasMaxLength(16);
            d.Property(x => x.Age).HasColumnName("deceased_age");
            d.Property(x => x.DateOfBirth).HasColumnName("deceased_dob");
            d.Property(x => x.HomeArea).HasColumnName("deceased_home_area").HasMaxLength(128);
            d.Property(x => x.Occupation).HasColumnName("deceased_occupation").HasMaxLength(128);
            d.Property(x => x.Address).HasColumnName("deceased_address").HasMaxLength(400);
            d.HasIndex(x => x.NameSearch);
        });
        b.Navigation(c => c.Deceased).IsRequired();
        // The case list pages newest-first with keyset paging; these cover its filters (ADR 0005).
        b.HasIndex(c => new { c.FoundAt, c.Reference });
        b.HasIndex(c => new { c.TeamId, c.FoundAt, c.Reference });
        b.HasIndex(c => new { c.Classification, c.FoundAt, c.Reference });
        b.HasIndex(c => new { c.Area, c.FoundAt });
        // A setting (a closed list) newest-first: without it a team's list filtered by a setting its cases rarely or never
        // have walked every case of the team, or (PostgreSQL, estimating one row) scanned the table: 295 ms on 2M (ADR 1609).
        b.HasIndex(c => new { c.Setting, c.FoundAt, c.Reference });
        b.HasOne(c => c.Team).WithMany().HasForeignKey(c => c.TeamId).OnDelete(DeleteBehavior.Restrict);
        // Users are disabled, not deleted (the audit trail names them); should one ever be deleted, the case loses its
        // officer in charge rather than blocking the deletion.
        b.HasOne(c => c.OfficerInCharge).WithMany().HasForeignKey(c => c.OfficerInChargeId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(c => c.Toxicology).WithOne().HasForeignKey(t => t.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(c => c.People).WithOne().HasForeignKey(p => p.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(c => c.Exhibits).WithOne().HasForeignKey(e => e.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(c => c.Timeline).WithOne().HasForeignKey(e => e.CaseId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ToxicologyConfiguration : IEntityTypeConfiguration<ToxicologyResult>
{
    public void Configure(EntityTypeBuilder<ToxicologyResult> b)
    {
        b.ToTable("toxicology");
        b.HasMaxLength(100, t => t.Substance);
        b.HasIndex(t => t.Substance);
    }
}

internal sealed class ExhibitConfiguration : IEntityTypeConfiguration<Exhibit>
{
    public void Configure(EntityTypeBuilder<Exhibit> b)
    {
        b.HasMaxLength(32, e => e.Type);
        b.HasMaxLength(48, e => e.Reference);
        b.HasMaxLength(2000, e => e.Description);
        b.HasIndex(e => e.Reference).IsUnique();
    }
}

internal sealed class TimelineConfiguration : IEntityTypeConfiguration<TimelineEvent>
{
    public void Configure(EntityTypeBuilder<TimelineEvent> b)
    {
        b.HasMaxLength(40, e => e.Kind);
        b.HasMaxLength(4000, e => e.Description);
        b.Unbounded(e => e.RecordedBy);
        b.HasIndex(e => new { e.CaseId, e.OccurredAt });
    }
}

internal sealed class TeamConfiguration : IEntityTypeConfiguration<Team>
{
    public void Configure(EntityTypeBuilder<Team> b)
    {
        b.HasMaxLength(100, t => t.Name);
        b.HasIndex(t => t.Name).IsUnique();
    }
}

internal sealed class CaseGrantConfiguration : IEntityTypeConfiguration<CaseGrant>
{
    public void Configure(EntityTypeBuilder<CaseGrant> b)
    {
        b.HasKey(g => new { g.CaseId, g.UserId });
        b.HasIndex(g => g.UserId);
        b.Unbounded(g => g.GrantedBy);
    }
}
