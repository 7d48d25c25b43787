using System.Globalization;
using CsvHelper;
using Vigil.Records;
using Vigil.Web.Features.Import.Mapping;

namespace Vigil.Web.Tests.Features.Import;

/// <summary>Writes death records as an imaginary force's old case system would export them: its own column names and
/// codes (docs/examples/old-cms.mapping.json read backwards), day-first dates, UPPER_SNAKE scene markers, the name split
/// into forenames and surname, and "N/K" for some unknowns.</summary>
public static class OldCmsExport
{
    public static ImportMapping Mapping() =>
        ImportMapping.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "old-cms.mapping.json")));

    public static void Write(Stream output, ImportMapping mapping, IEnumerable<DeathRecord> records)
    {
        using var text = new StreamWriter(output, leaveOpen: true);
        using var csv = CsvWriter.Create(text, CsvWriterOptions.Default, true);
        csv.WriteHeader(mapping.Columns.Select(c => c.Column).ToArray());
        var row = 0;
        foreach (var r in records)
        {
            row++;
            csv.WriteRecord(mapping.Columns.Select(c => Cell(c, r, row) ?? (row % 7 == 0 ? "N/K" : "")).ToArray());
        }
        csv.Flush();
    }

    private static string? Cell(ColumnMapping c, DeathRecord r, int row)
    {
        var person = c.Role is null ? null : (r.People ?? []).Where(p => p.Role == c.Role).ElementAtOrDefault((c.Person ?? 1) - 1);
        var exhibit = c.Item is { } item ? (r.Exhibits ?? []).ElementAtOrDefault(item - 1) : null;
        return c.Field switch
        {
            "" => $"CR/{row}",
            "ref" => r.Ref,
            "found_at" => Time(r.FoundAt),
            "reported_at" => r.ReportedAt is { } at ? Time(at) : null,
            "location.lat" => r.Location.Lat.ToString("R", CultureInfo.InvariantCulture),
            "location.lon" => r.Location.Lon.ToString("R", CultureInfo.InvariantCulture),
            "location.setting" => Code(c, r.Location.Setting),
            "location.description" => r.Location.Description,
            "location.address" => r.Location.Address,
            "location.area" => r.Location.Area,
            "deceased.name" => NamePart(r.Deceased?.Name, c.Column == "Surname"),
            "deceased.sex" => Code(c, r.Deceased?.Sex),
            "deceased.age" => r.Deceased?.Age?.ToString(CultureInfo.InvariantCulture),
            "deceased.dob" => Date(r.Deceased?.Dob),
            "deceased.home_area" => r.Deceased?.HomeArea,
            "deceased.occupation" => r.Deceased?.Occupation,
            "deceased.address" => r.Deceased?.Address,
            "position" => Code(c, r.Position),
            "scene_features" => Join(" | ", (r.SceneFeatures ?? []).Select(f => f.Replace('-', '_').ToUpperInvariant())),
            "narrative" => r.Narrative,
            "toxicology" => Join("; ", (r.Toxicology ?? []).Select(t => t.ConcentrationMgL is { } mg ? $"{t.Substance} {mg.ToString("R", CultureInfo.InvariantCulture)}" : t.Substance)),
            "cause_of_death" => r.CauseOfDeath,
            "manner" => Code(c, r.Manner),
            "classification" => Code(c, r.Classification),
            "people.involved" => person is null ? null : "Y",
            "people.name" => person?.Name,
            "people.phone" => person?.Phone,
            "people.dob" => Date(person?.Dob),
            "people.address" => person?.Address,
            "exhibits.type" => Code(c, exhibit?.Type),
            "exhibits.description" => exhibit?.Description,
            "exhibits.tested" => exhibit?.Tested switch { true => "Y", false => "N", null => null },
            _ => throw new InvalidOperationException($"the old-cms writer does not know {c.Field}"),
        };
    }

    /// <summary>The mapping read backwards: the format's value → the old system's code.</summary>
    private static string? Code(ColumnMapping c, string? value) =>
        value is null ? null : c.Values?.FirstOrDefault(kv => kv.Value == value).Key ?? value;

    private static string? NamePart(string? name, bool surname)
    {
        if (name is null) return null;
        var space = name.LastIndexOf(' ');
        if (space < 0) return surname ? name : null;
        return surname ? name[(space + 1)..] : name[..space];
    }

    private static string? Join(string separator, IEnumerable<string> items) => items.Any() ? string.Join(separator, items) : null;
    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("dd/MM/yyyy HH:mm:ss", CultureInfo.InvariantCulture);
    private static string? Date(DateOnly? d) => d?.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
}
