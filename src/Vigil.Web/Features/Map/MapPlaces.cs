namespace Vigil.Web.Features.Map;

/// <summary>The part of the map the case form's place picker shows: south/west/north/east in degrees, all four or none
/// (none: the newest deaths anywhere, for the first view).</summary>
public sealed record PlacesView(double? South, double? West, double? North, double? East)
{
    public bool HasBox => South is not null && West is not null && North is not null && East is not null;

    /// <summary>What is wrong with the box, by query parameter, or nothing.</summary>
    public Dictionary<string, string[]> Errors()
    {
        var errors = new Dictionary<string, string[]>();
        if (!HasBox && (South ?? West ?? North ?? East) is not null)
            errors["south"] = ["Give south, west, north and east together, or none of them."];
        else if (HasBox)
        {
            if (South < -90 || North > 90) errors["south"] = ["Latitudes are between -90 and 90."];
            if (West < -180 || East > 180) errors["west"] = ["Longitudes are between -180 and 180."];
            if (North < South) errors["north"] = ["North is below south."];
            if (East < West) errors["east"] = ["East is west of west: give a box that does not cross the 180th meridian."];
        }
        return errors;
    }
}

/// <summary>The deaths the picker draws as grey dots: coordinates only (5 decimals, about a metre), the newest first up
/// to <see cref="MapSettings.PickerMaxPoints"/>, with area labels for the map without tiles.</summary>
public sealed record MapPlacesData(IReadOnlyList<double[]> Points, IReadOnlyList<MapArea> Areas, bool Truncated, int Max);

/// <summary>The place picker's dots (issue 9.2, ADR 1561): bounded by the view the officer is looking at and by a count,
/// so opening a case form never loads every death the officer may see (the full map's /api/v1/map loads up to 5,000
/// with names and series).</summary>
public sealed class MapPlaces(MapSettings settings)
{
    public async Task<MapPlacesData> RunAsync(IQueryable<DeathCase> visible, PlacesView view, CancellationToken ct)
    {
        if (view.HasBox)
        {
            double s = view.South!.Value, w = view.West!.Value, n = view.North!.Value, e = view.East!.Value;
            visible = visible.Where(c => c.Latitude >= s && c.Latitude <= n && c.Longitude >= w && c.Longitude <= e);
        }
        var max = settings.PickerMaxPoints;
        var rows = await visible.AsNoTracking().OrderByDescending(c => c.FoundAt)
            .Select(c => new { c.Latitude, c.Longitude, c.Area }).Take(max + 1).ToListAsync(ct);
        var shown = rows.Take(max).ToList();
        var areas = shown.Where(r => r.Area is not null).GroupBy(r => r.Area!)
            .Select(g => new MapArea(g.Key, Math.Round(g.Average(r => r.Latitude), 5), Math.Round(g.Average(r => r.Longitude), 5), g.Count()))
            .OrderBy(a => a.Name, StringComparer.Ordinal).ToList();
        return new MapPlacesData([.. shown.Select(r => new[] { Math.Round(r.Latitude, 5), Math.Round(r.Longitude, 5) })], areas, rows.Count > max, max);
    }
}
