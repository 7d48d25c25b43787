
namespace Vigil.Data.Cases;

/// <summary>Next case number per year, for human-readable references (VGL-2015-000123).</summary>
public class ReferenceCounter
{
    public int Year { get; set; }
    public long Next { get; set; }
}

internal sealed class ReferenceCounterConfiguration : IEntityTypeConfiguration<ReferenceCounter>
{
    public void Configure(EntityTypeBuilder<ReferenceCounter> b)
    {
        b.HasKey(r => r.Year);
        b.Property(r => r.Year).ValueGeneratedNever();
    }
}
