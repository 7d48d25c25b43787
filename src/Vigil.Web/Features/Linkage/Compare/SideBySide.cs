namespace Vigil.Web.Features.Linkage.Compare;

/// <summary>Two deaths side by side as the analyst reads them before deciding: the engine's explanation with its weights,
/// the people and places they share with a map, and each death's facts. One way to show two deaths, for the pair page and
/// for a death proposed to a series beside one of the series' deaths (walk53 finding 16), through <c>_SideBySide.cshtml</c>.
/// <paramref name="Newer"/> is the later found; <paramref name="Heading"/> heads the explanation, <paramref name="Note"/>
/// (when given) says where it came from and <paramref name="Hint"/> how to read its weights.</summary>
public sealed record SideBySide(DeathCase Newer, DeathCase Earlier, Alerts.StoredExplanation Explanation, string Heading, string? Note, string Hint)
{
    public List<SharedPerson> SharedPeople { get; } = SharedPerson.Between(Newer, Earlier);

    /// <summary>The two deaths' own spellings of what the engine keeps as keys (areas, causes, substances: ADR 3225).</summary>
    public IReadOnlyList<string?> Recorded { get; } = Alerts.ExplanationWords.RecordedIn(Newer, Earlier);

    public double DistanceKm { get; } = Geo.DistanceKm(Newer.Latitude, Newer.Longitude, Earlier.Latitude, Earlier.Longitude);
}
