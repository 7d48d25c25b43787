namespace Vigil.Web.Features.Map;

/// <summary>Where the map's background comes from ("Vigil:Map:…"). Police networks are often closed: with neither set the
/// map draws deaths, series and area names over a plain background (ADR 0404, 0704).</summary>
public sealed class MapSettings
{
    /// <summary>A force's own raster tile server, as an XYZ template ("https://tiles.force.local/{z}/{x}/{y}.png").</summary>
    public string? TileUrl { get; set; }

    /// <summary>A PMTiles file (vector, Protomaps basemap schema) that Vigil serves itself at /map/tiles.pmtiles.</summary>
    public string? PmTilesPath { get; set; }

    /// <summary>Credit shown on the map for the tiles' data.</summary>
    public string? Attribution { get; set; }

    /// <summary>Most deaths drawn at once; past this the newest are drawn and the page says so.</summary>
    public int MaxMarkers { get; set; } = 5000;

    /// <summary>Most grey dots the case form's place picker draws for the part of the map in view (ADR 1561).</summary>
    public int PickerMaxPoints { get; set; } = 500;

    public string Source => !string.IsNullOrWhiteSpace(TileUrl) ? "xyz" : HasPmTiles ? "pmtiles" : "none";

    public bool HasPmTiles => !string.IsNullOrWhiteSpace(PmTilesPath) && File.Exists(PmTilesPath);

    public const string Section = "Vigil:Map";
}
