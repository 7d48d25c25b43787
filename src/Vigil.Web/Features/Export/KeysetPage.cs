namespace Vigil.Web.Features.Export;

/// <summary>The one keyset step every export pages by: cases in reference order, after the last reference sent.
/// Keyset, not OFFSET, so page n costs the same as page 1 on a million cases.</summary>
internal static class KeysetPage
{
    public static IQueryable<DeathCase> After(IQueryable<DeathCase> scope, string? afterReference)
    {
        var query = scope.AsNoTracking().OrderBy(c => c.Reference).AsQueryable();
#pragma warning disable CA1309 // EF translates string.Compare(a, b) to SQL '>' on the column; the overload with StringComparison is not translatable.
        if (afterReference is { } a) query = query.Where(c => string.Compare(c.Reference, a) > 0);
#pragma warning restore CA1309
        return query;
    }
}
