using System.Text;
using Vigil.Records;
using Vigil.Web.Features.Family.Portal;
using Vigil.Web.Features.Fhir;
using Vigil.Web.Features.Import.Mapping;

namespace Vigil.Fuzz;

/// <summary>A fuzz finding that is not an exception of the code under test: an invariant broken.</summary>
public sealed class FuzzFinding(string message) : Exception(message);

/// <summary>Each target takes arbitrary bytes and must either accept them or reject them the designed way; any other
/// exception escaping is a crash for AFL++ and a failure for the property tests.</summary>
public static class FuzzTargets
{
    public static readonly IReadOnlyDictionary<string, Action<Stream>> All = new Dictionary<string, Action<Stream>>(StringComparer.Ordinal)
    {
        ["records"] = Records,
        ["tabular"] = Tabular,
        ["upload"] = Upload,
        ["fhir"] = Fhir,
        ["mapping"] = Mapping,
    };

    /// <summary>Death-record lines: every line is either a record or a numbered rejection; every record written back
    /// out and read again is the same record (the JSON export read back).</summary>
    public static void Records(Stream input)
    {
        var lines = 0;
        foreach (var line in DeathRecordParser.Parse(input))
        {
            if (line.LineNumber <= lines) throw new FuzzFinding($"line numbers went back: {line.LineNumber} after {lines}");
            lines = line.LineNumber;
            if (!line.IsValid)
            {
                if (string.IsNullOrWhiteSpace(line.Error)) throw new FuzzFinding($"line {line.LineNumber} rejected without a reason");
                continue;
            }
            var json = DeathRecordWriter.ToJson(line.Record!);
            var again = DeathRecordParser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(json))).ToList();
            if (again is not [{ IsValid: true } back]) throw new FuzzFinding($"line {line.LineNumber}: its export does not read back: {again.FirstOrDefault()?.Error}");
            if (DeathRecordWriter.ToJson(back.Record!) != json) throw new FuzzFinding($"line {line.LineNumber}: export → import → export changed the record");
        }
    }

    private static readonly Lazy<ImportMapping> ExampleMapping = new(() =>
        ImportMapping.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "old-cms.mapping.json"))));

    /// <summary>A CSV or .xlsx file through the example mapping. The designed refusals: the file's columns do not fit
    /// the mapping (<see cref="InvalidMappingException"/>) or the file is not a readable table (<see cref="InvalidDataException"/>).</summary>
    public static void Tabular(Stream input)
    {
        using var copy = new MemoryStream();
        input.CopyTo(copy);
        copy.Position = 0;
        try
        {
            using var table = TabularReader.Open(copy);
            foreach (var line in new RowMapper(ExampleMapping.Value, table.Columns, TimeZoneInfo.Utc).Lines(table))
                if (!line.IsValid && string.IsNullOrWhiteSpace(line.Error)) throw new FuzzFinding($"row {line.LineNumber} rejected without a reason");
        }
        catch (Exception ex) when (ex is InvalidMappingException or InvalidDataException)
        {
            // designed: reported to the user as such
        }
    }

    /// <summary>A family upload: the type sniffer never throws, and the shown name is always tame.</summary>
    public static void Upload(Stream input)
    {
        using var copy = new MemoryStream();
        input.CopyTo(copy);
        var bytes = copy.ToArray();
        UploadStore.Sniff(bytes.AsSpan(0, Math.Min(bytes.Length, 512)));
        var name = UploadStore.DisplayName(Encoding.UTF8.GetString(bytes));
        if (name.Length is 0 or > 100) throw new FuzzFinding($"display name of length {name.Length}");
        if (name.StartsWith('.') || name.Any(c => !(char.IsLetterOrDigit(c) || c is ' ' or '.' or '-' or '_')))
            throw new FuzzFinding($"display name '{name}' has a character it must not");
    }

    /// <summary>A FHIR bundle as both FHIR endpoints read it: a document becomes a death record or the reasons it cannot
    /// (every record the reader makes is then validated as any import line is), and a laboratory's report yields its
    /// case reference and results. The designed refusal is the parser's error; anything thrown after it is a crash.</summary>
    public static void Fhir(Stream input)
    {
        var (bundle, error) = FhirJson.ParseBundle(new StreamReader(input, Encoding.UTF8).ReadToEnd());
        if (bundle is null)
        {
            if (string.IsNullOrWhiteSpace(error)) throw new FuzzFinding("a bundle refused without a reason");
            return;
        }
        var (record, problems) = FhirBundleReader.Read(bundle);
        if (record is null && problems.Count == 0) throw new FuzzFinding("no record and no reason");
        if (record is not null) DeathRecordValidator.Validate(record);
        FhirToxicology.ResultsOf(bundle);
    }

    /// <summary>An import mapping as the /import page and `vigil import --mapping` read it: JSON that is not a mapping
    /// is refused as such (<see cref="System.Text.Json.JsonException"/>), and a mapping's problems are listed, never thrown.</summary>
    public static void Mapping(Stream input)
    {
        ImportMapping mapping;
        try
        {
            mapping = ImportMapping.Parse(new StreamReader(input, Encoding.UTF8).ReadToEnd());
        }
        catch (System.Text.Json.JsonException)
        {
            return; // designed: "not a mapping", with the parser's position
        }
        mapping.Problems();
        mapping.Problems(["Ref", "Found", "Lat", "Lon"]);
    }
}
