namespace Vigil.Web.Features.Shared;

/// <summary>Where a death was found, each thing said once (ADR 3218). The description, the area and the setting were
/// shown side by side, so a care-home death read "care home Redbridge · care home" (walk51 finding 10b): the setting's
/// words now follow only when the description does not already say them, and the area is set off by a comma.</summary>
public static class DeathPlace
{
    /// <summary>"care home (12 Oak Road), Redbridge"; "flat above a shop, Newham · own home"; "Flat 4, 12 Cooke Street,
    /// Barking · someone else's home" (an address alone is not bracketed as if it qualified a description, and the area it
    /// already names is not said again: walk53 finding 22); the address only where the page shows it (the comparison page
    /// does not).</summary>
    public static string Where(DeathCase c, bool withAddress = true)
    {
        var address = withAddress && Said(c.LocationAddress) ? c.LocationAddress!.Trim() : null;
        var described = Said(c.LocationDescription) ? (address is null ? c.LocationDescription : $"{c.LocationDescription} ({address})") : address;
        var area = Said(c.Area) && address?.Contains(c.Area!, StringComparison.OrdinalIgnoreCase) != true ? c.Area : null;
        var place = string.Join(", ", new[] { described, area }.Where(Said));
        var setting = Words.Of(c.Setting, "setting not recorded");
        if (!string.IsNullOrEmpty(c.Setting) && c.LocationDescription?.Contains(setting, StringComparison.OrdinalIgnoreCase) == true) return place;
        return place.Length == 0 ? setting : $"{place} · {setting}";
    }

    private static bool Said(string? s) => !string.IsNullOrWhiteSpace(s);
}
