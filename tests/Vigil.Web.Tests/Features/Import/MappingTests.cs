using System.Text;
using SpreadCheetah;
using Vigil.Web.Features.Import.Mapping;

namespace Vigil.Web.Tests.Features.Import;

/// <summary>The column mapping on its own: spreadsheets in, death records (or marked problems) out. No database.</summary>
public sealed class MappingTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    private static readonly ImportMapping Mapping = new()
    {
        Source = "old-cms",
        NullValues = ["N/K"],
        Columns =
        [
            new() { Column = "Incident", Field = "ref" },
            new() { Column = "Found", Field = "found_at", Formats = ["dd/MM/yyyy HH:mm"] },
            new() { Column = "Lat", Field = "location.lat" },
            new() { Column = "Long", Field = "location.lon" },
            new() { Column = "Forename", Field = "deceased.name" },
            new() { Column = "Surname", Field = "deceased.name" },
            new() { Column = "Sex", Field = "deceased.sex", Values = new() { ["M"] = "male", ["F"] = "female" } },
            new() { Column = "Cat", Field = "classification", Values = new() { ["NS"] = "non-suspicious", ["SUDD"] = "unexplained" } },
            new() { Column = "Manner", Field = "manner" },
            new() { Column = "Markers", Field = "scene_features", Split = "|" },
            new() { Column = "Tox", Field = "toxicology" },
            new() { Column = "Finder", Field = "people.name", Role = "finder" },
            new() { Column = "Finder tel", Field = "people.phone", Role = "finder" },
            new() { Column = "Notes", Field = "narrative" },
            new() { Column = "Old code", Field = "extra.old_code" },
        ],
    };

    private const string Header = "Incident;Found;Lat;Long;Forename;Surname;Sex;Cat;Manner;Markers;Tox;Finder;Finder tel;Notes;Old code\n";

    private static List<MappedRow> Map(string csv, ImportMapping? mapping = null)
    {
        using var reader = TabularReader.Open(new MemoryStream(Encoding.UTF8.GetBytes(csv)));
        var mapper = new RowMapper(mapping ?? Mapping, reader.Columns, London);
        return reader.Rows().Select(mapper.Map).ToList();
    }

    [Fact]
    public void ForeignColumnsAndCodes_BecomeTheFormatsFieldsAndValues()
    {
        var row = Assert.Single(Map(Header + "X-1;02/07/2015 07:20;51.5;-0,0877;Daniel;Brook;M;NS;Natural;BODY_MOVED|Clothing anomaly;GHB 310; Margaret Hale;07700 900417;found by a dog walker;Q7\n"));
        Assert.True(row.IsValid, string.Join("; ", row.Problems.Select(MappedRow.Describe)));
        var r = row.Record!;
        Assert.Equal("X-1", r.Ref);
        // 07:20 BST is 06:20 UTC: a time without an offset is the force's wall clock.
        Assert.Equal(new DateTimeOffset(2015, 7, 2, 6, 20, 0, TimeSpan.Zero), r.FoundAt);
        Assert.Equal((51.5, -0.0877), (r.Location.Lat, r.Location.Lon));
        Assert.Equal(("Daniel Brook", "male"), (r.Deceased!.Name, r.Deceased.Sex));
        Assert.Equal("non-suspicious", r.Classification);
        Assert.Equal("natural", r.Manner);
        Assert.Equal(["body-moved", "clothing-anomaly"], r.SceneFeatures);
        var tox = Assert.Single(r.Toxicology!);
        Assert.Equal(("GHB", 310.0), (tox.Substance, tox.ConcentrationMgL));
        var finder = Assert.Single(r.People!);
        Assert.Equal(("finder", "Margaret Hale", "07700 900417"), (finder.Role, finder.Name, finder.Phone));
        Assert.Equal("\"Q7\"", r.Extra!["old_code"].GetRawText());
    }

    [Fact]
    public void BadCells_AreMarkedOnTheirColumn_AndRejectTheRowWithItsLineNumber()
    {
        var rows = Map(Header
            + "X-1;31/02/2015 07:20;51.5;-0.08;;;M;NS;mysterious;;;;;;\n"
            + "X-2;02/03/2015 07:20;north;-0.08;;;Q;ZZ;;;;;;\"a narrative\nover two lines\";\n"
            + "N/K;02/03/2015 07:20;51.5;-0.08;;;;;;;;;;;\n");
        Assert.Equal([2, 3, 5], rows.Select(r => r.Line));
        Assert.Contains(rows[0].Problems, p => p is { Column: "Found", IsError: true });
        Assert.Contains(rows[0].Problems, p => p is { Column: "Manner", IsError: true } && p.Message.Contains("mysterious", StringComparison.Ordinal));
        Assert.Contains(rows[1].Problems, p => p is { Column: "Lat", Field: "location.lat" });
        Assert.Contains(rows[2].Problems, p => p is { Field: "ref", IsError: true } && p.Message.Contains("empty", StringComparison.Ordinal));
        Assert.All(rows, r => Assert.False(r.IsValid));
        var line = rows[0].ToParsedLine();
        Assert.Equal(2, line.LineNumber);
        Assert.Contains("column 'Manner'", line.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void CodesAfterValueMapping_AreHeldToTheFormatsLists()
    {
        var row = Assert.Single(Map(Header + "X-1;02/03/2015 07:20;51.5;-0.08;;;Q;ZZ;;;;;;;\n"));
        Assert.Contains(row.Problems, p => p is { Column: "Sex", IsError: true });
        Assert.Contains(row.Problems, p => p is { Column: "Cat", IsError: true });
    }

    [Fact]
    public void ClocksGoingForward_MakeATimeThatNeverHappened_AnError()
    {
        var row = Assert.Single(Map(Header + "X-1;29/03/2015 01:30;51.5;-0.08;;;;;;;;;;;\n"));
        Assert.Contains(row.Problems, p => p.Column == "Found" && p.Message.Contains("clocks went forward", StringComparison.Ordinal));
    }

    [Fact]
    public void TheMappingItself_IsChecked_BeforeAnyRow()
    {
        var broken = Mapping with
        {
            Columns =
            [
                new() { Column = "Incident", Field = "ref" },
                new() { Column = "Found", Field = "found_on" },
                new() { Column = "Finder", Field = "people.name" },
                new() { Column = "Cat", Field = "classification", Values = new() { ["NS"] = "fine" } },
                new() { Column = "Nowhere", Field = "narrative" },
            ],
        };
        var problems = broken.Problems(["Incident", "Found", "Finder", "Cat"]);
        Assert.Contains(problems, p => p.Contains("'found_on' is not a death-record field", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("needs a role", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'fine'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'Nowhere' is not in the file", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("no column is mapped to location.lat", StringComparison.Ordinal));
        Assert.Throws<InvalidMappingException>(() => Map(Header, broken));
    }

    [Fact]
    public void Mapping_RoundTripsThroughItsJson_AndRefusesUnknownProperties()
    {
        var again = ImportMapping.Parse(Mapping.ToJson());
        Assert.Equal(Mapping.ToJson(), again.ToJson());
        Assert.Throws<System.Text.Json.JsonException>(() => ImportMapping.Parse("""{"version":1,"columns":[],"colums":[]}"""));
    }

    [Fact]
    public async Task Xlsx_IsReadLikeCsv_WithRowNumbersAsTheSpreadsheetShowsThem()
    {
        using var file = new MemoryStream();
        await using (var book = await Spreadsheet.CreateNewAsync(file))
        {
            await book.StartWorksheetAsync("Deaths");
            await book.AddRowAsync([new Cell("Incident"), new Cell("Found"), new Cell("Lat"), new Cell("Long"), new Cell("Sex")]);
            await book.AddRowAsync([new Cell("X-1"), new Cell(new DateTime(2015, 3, 2, 7, 20, 0)), new Cell(51.5), new Cell(-0.08), new Cell("F")]);
            await book.AddRowAsync([new Cell(""), new Cell(""), new Cell(""), new Cell(""), new Cell("")]);
            await book.AddRowAsync([new Cell("X-2"), new Cell("02/03/2015 07:20"), new Cell(51.6), new Cell(-0.1), new Cell("M")]);
            await book.FinishAsync();
        }
        file.Position = 0;
        using var reader = TabularReader.Open(file);
        Assert.Equal(["Incident", "Found", "Lat", "Long", "Sex"], reader.Columns);
        var mapping = Mapping with { Columns = [.. Mapping.Columns.Where(c => reader.Columns.Contains(c.Column))] };
        var mapper = new RowMapper(mapping, reader.Columns, London);
        var rows = reader.Rows().Select(mapper.Map).ToList();
        Assert.Equal([2, 4], rows.Select(r => r.Line));
        Assert.All(rows, r => Assert.True(r.IsValid, string.Join("; ", r.Problems.Select(MappedRow.Describe))));
        Assert.Equal(new DateTimeOffset(2015, 3, 2, 7, 20, 0, TimeSpan.Zero), rows[0].Record!.FoundAt);
        Assert.Equal(("female", 51.5), (rows[0].Record!.Deceased!.Sex, rows[0].Record!.Location.Lat));
    }
}
