using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;

namespace Vigil.Data.Conventions;

/// <summary>A text column named <c>By</c> or <c>…By</c> (<c>RaisedBy</c>, <c>DecidedBy</c>, <c>ApprovedBy</c>) records who
/// did something, by user name or as written, and holds <see cref="Length"/> characters. A configuration that gives such a
/// column another length (a user id: 450) says so with <c>HasMaxLength</c>, which wins; one left without a limit says so
/// with <c>Unbounded</c>. Only Vigil's own entities follow it, not ASP.NET Core Identity's.</summary>
internal sealed class ActorColumnsConvention : IModelFinalizingConvention
{
    public const int Length = 200;

    /// <summary>Marks a column this convention leaves without a limit; removed once read, so no model carries it.</summary>
    public const string UnboundedAnnotation = "Vigil:Unbounded";

    public void ProcessModelFinalizing(IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> context)
    {
        var own = modelBuilder.Metadata.GetEntityTypes().Where(e => e.ClrType.Assembly == typeof(VigilDbContext).Assembly);
        foreach (var property in own.SelectMany(e => e.GetDeclaredProperties()))
        {
            if (property.ClrType != typeof(string) || !property.Name.EndsWith("By", StringComparison.Ordinal)) continue;
            if (property.RemoveAnnotation(UnboundedAnnotation) is not null) continue;
            property.Builder.HasMaxLength(Length);
        }
    }
}
