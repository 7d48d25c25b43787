using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Vigil.Data.Audit;

/// <summary>A property that is bookkeeping, not part of the record: a concurrency token that only orders writers
/// (<see cref="Cases.DeathCase.DecisionVersion"/>). The audit entries never show it, and a save that changes nothing
/// else of its row writes no entry for the row: the change it guards has its own entry (ADR 3246).</summary>
public static class NotAuditedProperty
{
    private const string Annotation = "Vigil:NotAudited";

    public static PropertyBuilder<T> IsNotAudited<T>(this PropertyBuilder<T> property) => property.HasAnnotation(Annotation, true);

    public static bool IsNotAudited(this IReadOnlyProperty property) => property.FindAnnotation(Annotation)?.Value is true;
}
