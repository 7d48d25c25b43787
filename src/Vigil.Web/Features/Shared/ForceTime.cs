namespace Vigil.Web.Features.Shared;

/// <summary>Times are stored in UTC and shown in the force's zone (Europe/London by default, so GMT/BST).</summary>
public sealed class ForceTime(Microsoft.Extensions.Options.IOptions<Hosting.VigilSettings> settings)
{
    private readonly TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById(settings.Value.TimeZone);

    public TimeZoneInfo Zone => zone;

    public DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);

    public string Show(DateTime? utc) => utc is { } u
        ? ToLocal(u).ToString("dd MMM yyyy HH:mm", CultureInfo.GetCultureInfo("en-GB")) + " " + Abbreviation(u)
        : "not recorded";

    /// <summary>The force's calendar day of a moment, as <see cref="Show"/> writes it: 23:30 UTC in summer is the next day.</summary>
    public string Day(DateTime utc) => ToLocal(utc).ToString("dd MMM yyyy", CultureInfo.GetCultureInfo("en-GB"));

    /// <summary>For &lt;input type="datetime-local"&gt;.</summary>
    public string ForInput(DateTime? utc) => utc is { } u ? ToLocal(u).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture) : "";

    /// <summary>A wall-clock time typed by an officer in the force's zone, to UTC.</summary>
    public DateTime ToUtc(DateTime local) =>
        TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone);

    private string Abbreviation(DateTime utc) =>
        zone.Id == "Europe/London" ? (zone.IsDaylightSavingTime(ToLocal(utc)) ? "BST" : "GMT") : zone.Id;
}
