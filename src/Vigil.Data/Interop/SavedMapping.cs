
namespace Vigil.Data.Interop;

/// <summary>A column mapping an importer saved for their team's spreadsheets, to use again next time. It names columns
/// and codes, never a person; it belongs to the team it was saved for, whose importers alone use and replace it (ADR 2905).</summary>
public class SavedMapping
{
    public Guid Id { get; set; } = NewId.Version7();
    public string Name { get; set; } = "";
    /// <summary>The team whose importers use and replace it (ADR 2905); null for a mapping saved before mappings had a team,
    /// which every importer may start from and none may replace.</summary>
    public Guid? TeamId { get; set; }
    /// <summary>The mapping as JSON (docs/import-mapping.md).</summary>
    public string Json { get; set; } = "";
    public string SavedBy { get; set; } = "";
    public DateTime SavedAt { get; set; }
}

public sealed class SavedMappingConfiguration : IEntityTypeConfiguration<SavedMapping>
{
    public const int MaxNameLength = 100;
    public const int MaxJsonLength = 200_000;

    public void Configure(EntityTypeBuilder<SavedMapping> b)
    {
        b.HasKey(m => m.Id);
        b.Property(m => m.Name).HasMaxLength(MaxNameLength).IsRequired();
        // A name is one team's (ADR 2905): two teams may each have a mapping called "CAD export".
        b.HasIndex(m => new { m.TeamId, m.Name }).IsUnique();
        b.Property(m => m.Json).HasMaxLength(MaxJsonLength).IsRequired();
    }
}

public static class InteropSets
{
    extension(VigilDbContext db)
    {
        public DbSet<SavedMapping> SavedMappings => db.Set<SavedMapping>();
        public DbSet<ImportUpload> ImportUploads => db.Set<ImportUpload>();
        public DbSet<ImportUploadChunk> ImportUploadChunks => db.Set<ImportUploadChunk>();
    }
}
