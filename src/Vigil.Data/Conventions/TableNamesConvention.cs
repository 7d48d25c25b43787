using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;

namespace Vigil.Data.Conventions;

/// <summary>Names each table after its entity in snake_case, the last word made plural: <c>CaseAction</c> is
/// <c>case_actions</c>, <c>AuditEntry</c> <c>audit_entries</c>, <c>CasePerson</c> <c>case_people</c>. A configuration
/// calls <c>ToTable</c> only where a table's name is not its entity's (<c>DeathCase</c> is <c>cases</c>); that call wins
/// over this convention. Owned types share their owner's table and are left alone.</summary>
internal sealed partial class TableNamesConvention : IModelFinalizingConvention
{
    public void ProcessModelFinalizing(IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> context)
    {
        foreach (var entity in modelBuilder.Metadata.GetEntityTypes())
            if (!entity.IsOwned() && entity.BaseType is null && !entity.HasSharedClrType)
                entity.Builder.ToTable(TableName(entity.ClrType.Name));
    }

    public static string TableName(string entityName)
    {
        var words = WordStart().Split(entityName).Select(w => w.ToLowerInvariant()).ToArray();
        words[^1] = Plural(words[^1]);
        return string.Join('_', words);
    }

    private static string Plural(string word) => word switch
    {
        "person" => "people",
        "series" => "series",
        _ when word.EndsWith('y') && !"aeiou".Contains(word[^2], StringComparison.Ordinal) => word[..^1] + "ies",
        _ when word.EndsWith('s') || word.EndsWith('x') || word.EndsWith("ch", StringComparison.Ordinal) || word.EndsWith("sh", StringComparison.Ordinal) => word + "es",
        _ => word + "s",
    };

    [GeneratedRegex("(?<=[a-z0-9])(?=[A-Z])")]
    private static partial Regex WordStart();
}
