namespace Vigil.Web.Features.Cases;

/// <summary>Where and when deaths were found and how they are classified: the filters the case list, the map and the
/// GeoJSON export share, so a reversed period gets one answer everywhere and the database one set of conditions
/// (<see cref="CaseSearch.Apply(IQueryable{DeathCase}, DeathFilter)"/>).</summary>
public abstract record DeathFilter
{
    public string? Area { get; init; }
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public string? Classification { get; init; }
    public string? Setting { get; init; }

    /// <summary>Filters that cannot match anything because they contradict each other, keyed by query field.</summary>
    public virtual IEnumerable<(string Field, string Message)> Problems()
    {
        if (From is { } from && To is { } to && from > to)
            yield return ("from", $"'Found from' ({Day(from)}) is after 'Found to' ({Day(to)}): swap them or change one.");
    }

    /// <summary><see cref="Problems"/> as a validation problem's errors; empty when the filter may run.</summary>
    public Dictionary<string, string[]> Errors() =>
        Problems().GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray());

    private static string Day(DateOnly d) => d.ToString("d MMM yyyy", CultureInfo.GetCultureInfo("en-GB"));
}
