namespace Vigil.Data.Interop;

/// <summary>A spreadsheet uploaded to the web import, waiting to be mapped and imported: visible only to its uploader,
/// deleted once imported and after a day at most (it holds personal data). Kept in the store, not on the node that
/// received it, so whichever node serves the next step finds it (ADR 1622). Not audited: the import audits each case
/// it creates, and the file itself is a transient copy of what the force already holds.</summary>
public class ImportUpload : Audit.INotAudited
{
    public Guid Id { get; set; } = NewId.Version7();
    public string OwnerId { get; set; } = "";
    public string FileName { get; set; } = "";
    public long Length { get; set; }
    public DateTime UploadedAt { get; set; }

    /// <summary>The web import running from this file, if any, and how far it has got (for the page's progress bar,
    /// which any node may answer).</summary>
    public Guid? Job { get; set; }
    public int Rows { get; set; }
    public int Imported { get; set; }
    public int Rejected { get; set; }
    public int Percent { get; set; }
}

/// <summary>One piece of an uploaded spreadsheet's bytes, in order: a file of up to 256 MB is written and read a
/// megabyte at a time rather than as one value held whole in memory.</summary>
public class ImportUploadChunk : Audit.INotAudited
{
    public const int Size = 1024 * 1024;

    public Guid UploadId { get; set; }
    public int Number { get; set; }
    public byte[] Bytes { get; set; } = [];
}

internal sealed class ImportUploadConfiguration : IEntityTypeConfiguration<ImportUpload>, IEntityTypeConfiguration<ImportUploadChunk>
{
    public void Configure(EntityTypeBuilder<ImportUpload> b)
    {
        b.ToTable("import_uploads");
        b.HasMaxLength(450, u => u.OwnerId);
        b.HasMaxLength(120, u => u.FileName);
        b.HasIndex(u => u.UploadedAt); // the daily purge
    }

    public void Configure(EntityTypeBuilder<ImportUploadChunk> b)
    {
        b.ToTable("import_upload_chunks");
        b.HasKey(c => new { c.UploadId, c.Number });
        b.HasOne<ImportUpload>().WithMany().HasForeignKey(c => c.UploadId).OnDelete(DeleteBehavior.Cascade);
    }
}
