using Vigil.Data.Audit;

namespace Vigil.Data.Search;

/// <summary>One searchable thing: a case (reference, deceased, places, narrative), one person's appearance in a case
/// (name, phone, address as given) or an exhibit. Derived from the case on every save and rebuilt at will
/// (`vigil search reindex`), so it is not audited itself. Full-text indexes over it are raw SQL (ADR 0701).</summary>
public class SearchDocument : INotAudited
{
    /// <summary>An integer key: SQLite's FTS5 external-content table joins on it (a GUID cannot be a rowid).</summary>
    public long Id { get; set; }
    public string Kind { get; set; } = SearchKinds.Case;
    public Guid CaseId { get; set; }
    /// <summary>What the result opens: the case, the person, or the exhibit.</summary>
    public Guid TargetId { get; set; }
    public Guid TeamId { get; set; }
    /// <summary>What the results list shows (reference and name, name as written, exhibit reference).</summary>
    public string Title { get; set; } = "";
    /// <summary>Space-separated match keys made by the linkage normalisers (names, phones, references, team).</summary>
    public string Keys { get; set; } = "";
    public string? Address { get; set; }
    public string? Text { get; set; }
    public DateTime FoundAt { get; set; }
}

public static class SearchKinds
{
    public const string Case = "case";
    public const string Person = "person";
    public const string Exhibit = "exhibit";
}

internal sealed class SearchDocumentConfiguration : IEntityTypeConfiguration<SearchDocument>
{
    public void Configure(EntityTypeBuilder<SearchDocument> b)
    {
        b.Property(d => d.Id).ValueGeneratedOnAdd();
        b.Property(d => d.Kind).HasMaxLength(16);
        b.Property(d => d.Title).HasMaxLength(400);
        b.HasIndex(d => d.CaseId);
        b.HasIndex(d => new { d.TargetId, d.Kind });
    }
}
