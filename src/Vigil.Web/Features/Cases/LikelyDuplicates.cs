namespace Vigil.Web.Features.Cases;

/// <summary>Cases that probably record the same death as one about to be created: found within a day of it and
/// either naming the same deceased or, where either is unnamed, found within about 250 m. A re-run of a form once
/// recorded one death twice and linkage then flagged it against itself; the officer is shown these before saving.
/// Only cases the officer may read are compared (ADR 1192): a duplicate in another team is not revealed.</summary>
public static class LikelyDuplicates
{
    public const double NearbyMetres = 250;
    private static readonly TimeSpan Window = TimeSpan.FromDays(1);
    public const int Most = 5;

    public sealed record Match(Guid Id, string Reference, string? DeceasedName, DateTime FoundAt, string? Area, string Why);

    public static async Task<IReadOnlyList<Match>> FindAsync(IQueryable<DeathCase> visible, string? deceasedName, DateTime foundAtUtc,
        double latitude, double longitude, CancellationToken ct)
    {
        var name = string.IsNullOrWhiteSpace(deceasedName) ? null : CaseRecordMapper.SearchName(deceasedName);
        var (from, to) = (foundAtUtc - Window, foundAtUtc + Window);
        // A box around the point first, so the store filters on indexed columns; the exact distance is checked below.
        var dLat = NearbyMetres / 111_320.0;
        var dLon = dLat / Math.Max(0.01, Math.Cos(latitude * Math.PI / 180));
        var near = await visible.AsNoTracking()
            .Where(c => c.FoundAt >= from && c.FoundAt <= to)
            .Where(c => (name != null && c.Deceased.NameSearch == name)
                || ((name == null || c.Deceased.NameSearch == null)
                    && c.Latitude >= latitude - dLat && c.Latitude <= latitude + dLat
                    && c.Longitude >= longitude - dLon && c.Longitude <= longitude + dLon))
            .OrderBy(c => c.FoundAt).Take(Most * 4)
            .Select(c => new { c.Id, c.Reference, c.Deceased.Name, c.Deceased.NameSearch, c.FoundAt, c.Area, c.Latitude, c.Longitude })
            .ToListAsync(ct);
        return near
            .Select(c => new { c, Metres = Metres(latitude, longitude, c.Latitude, c.Longitude) })
            .Where(x => (name != null && x.c.NameSearch == name) || x.Metres <= NearbyMetres)
            .Select(x => new Match(x.c.Id, x.c.Reference, x.c.Name, x.c.FoundAt, x.c.Area,
                name != null && x.c.NameSearch == name ? "same deceased, found within a day" : $"found within a day, {x.Metres:0} m away, one of them unnamed"))
            .Take(Most).ToList();
    }

    private static double Metres(double lat1, double lon1, double lat2, double lon2) => Linkage.Compare.Geo.DistanceKm(lat1, lon1, lat2, lon2) * 1000;
}
