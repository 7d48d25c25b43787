namespace Vigil.Data.Linkage;

/// <summary>A linkage model published to the store (ADR 3153): every node scores with the latest one, so a model rolled
/// out reaches the whole cluster at each node's next catch-up. Rows are never changed or deleted: going back to an
/// earlier model is publishing its file again, and the list is the history of what scored deaths when.</summary>
public class PublishedModel
{
    public Guid Id { get; set; } = NewId.Version7();

    /// <summary>SHA-256 of <see cref="Json"/> (UTF-8), lower-case hex: the model's id; its first 12 characters are shown.</summary>
    public string Sha256 { get; set; } = "";

    /// <summary>The model as `vigil train` wrote it.</summary>
    public string Json { get; set; } = "";

    /// <summary>What the model was learnt from (the model's own "trained_on"), for lists.</summary>
    public string TrainedOn { get; set; } = "";

    public string Note { get; set; } = "";
    public DateTime PublishedAt { get; set; }
    public string PublishedBy { get; set; } = "";
}

internal sealed class PublishedModelConfiguration : IEntityTypeConfiguration<PublishedModel>
{
    public void Configure(EntityTypeBuilder<PublishedModel> b)
    {
        b.ToTable("linkage_models");
        b.HasMaxLength(64, m => m.Sha256);
        b.HasMaxLength(400, m => m.TrainedOn);
        b.HasMaxLength(2000, m => m.Note);
        // The current model is the latest published: each node's catch-up reads the top of this index.
        b.HasIndex(m => new { m.PublishedAt, m.Id });
    }
}
