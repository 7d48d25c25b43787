using System.Linq.Expressions;
using Vigil.Data.Conventions;

namespace Vigil.Data;

/// <summary>The configuration steps that most tables repeat, said once.</summary>
internal static class EntityBuilderExtensions
{
    /// <summary>Gives several text columns one maximum length. Configurations list their columns by size, so a reader
    /// sees at a glance which fields are short codes, names or long free text.</summary>
    public static EntityTypeBuilder<T> HasMaxLength<T>(this EntityTypeBuilder<T> b, int length, params Expression<Func<T, string?>>[] columns)
        where T : class
    {
        foreach (var column in columns) b.Property(column).HasMaxLength(length);
        return b;
    }

    /// <summary>Leaves a text column that <see cref="ActorColumnsConvention"/> would limit without a limit, as it has
    /// always been (widening or narrowing it is a schema change of its own).</summary>
    public static EntityTypeBuilder<T> Unbounded<T>(this EntityTypeBuilder<T> b, Expression<Func<T, string?>> column)
        where T : class
    {
        b.Property(column).HasAnnotation(ActorColumnsConvention.UnboundedAnnotation, true);
        return b;
    }

    /// <summary>The row is part of a case (its CaseId) and goes when the case goes. Like every foreign key, CaseId is
    /// indexed by EF Core's convention unless another index starts with it.</summary>
    public static void BelongsToCase<T>(this EntityTypeBuilder<T> b) where T : class =>
        b.HasOne<DeathCase>().WithMany().HasForeignKey("CaseId").OnDelete(DeleteBehavior.Cascade);
}
