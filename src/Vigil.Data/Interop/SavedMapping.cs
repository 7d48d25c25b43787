
namespace Vigil.Data.Interop;

/// <summary>A column mapping an importer saved for a force's spreadsheets, to use again next time. It names columns
/// and codes, never a person, so it is shared by everyone who may import.</summary>
public class SavedMapping
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string Name { get; set; } = "";
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
        b.HasIndex(m => m.Name).IsUnique();
        b.Property(m => m.Json).HasMaxLength(MaxJsonLength).IsRequired();
    }
}

public static class InteropSets
{
    extension(VigilDbContext db)
    {
        public DbSet<SavedMapping> SavedMappings => db.Set<SavedMapping>();
    }
}
