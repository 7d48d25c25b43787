using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Records;
using Vigil.Web.Features.Cases;
using Vigil.Web.Features.Import;
using Vigil.Web.Features.Import.Mapping;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Import;

/// <summary>A spreadsheet through a mapping lands as the same cases as the same deaths in JSON lines, through the same
/// import service (rejections by line, idempotence on source and ref).</summary>
public abstract class MappedImportTests(VigilAppFactory app)
{
    /// <summary>London records in the test run; VIGIL_LONDON_SAMPLE=all runs the whole file (30,166) for the report.</summary>
    private static int? SampleSize =>
        Environment.GetEnvironmentVariable("VIGIL_LONDON_SAMPLE") is { } v ? v == "all" ? null : int.Parse(v, CultureInfo.InvariantCulture) : 150;

    [Fact]
    public async Task LondonAsAnOldSystemsCsv_ImportsToTheSameCasesAsItsJsonLines()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var team = await app.TeamIdAsync("mapped-" + run);
        var records = BenchData.London(SampleSize);
        var json = await ImportAsync(records.Select(r => new ParsedLine(0, r with { Source = "json-" + run }, null, [])).Select((l, i) => l with { LineNumber = i + 1 }), team, "json-" + run);

        var mapping = OldCmsExport.Mapping() with { Source = "csv-" + run };
        var path = Path.Combine(Path.GetTempPath(), $"old-cms-{run}.csv");
        try
        {
            await using (var file = File.Create(path)) OldCmsExport.Write(file, mapping, records.Select(r => r with { Source = null }));
            var csv = await ImportCsvAsync(path, mapping, team);
            Assert.Equal((records.Count, 0, 0), (csv.Created, csv.Updated, csv.Rejected.Count));
            Assert.Equal((json.Created, json.Rejected.Count), (csv.Created, csv.Rejected.Count));

            var fromJson = await StoredAsync("json-" + run);
            var fromCsv = await StoredAsync("csv-" + run);
            Assert.Equal(fromJson.Keys.Order(StringComparer.Ordinal), fromCsv.Keys.Order(StringComparer.Ordinal));
            foreach (var (reference, expected) in fromJson)
                Assert.Equal(expected, fromCsv[reference]);

            var again = await ImportCsvAsync(path, mapping, team);
            Assert.Equal((0, 0, records.Count), (again.Created, again.Updated, again.Unchanged));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task BadRows_AreRejectedWithTheirLineNumbers_AndTheRestImport()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var team = await app.TeamIdAsync("mapped-" + run);
        var records = BenchData.London(4);
        var mapping = OldCmsExport.Mapping() with { Source = "bad-" + run };
        using var buffer = new MemoryStream();
        OldCmsExport.Write(buffer, mapping, [records[0], records[1] with { Manner = "mysterious" }, records[2], records[3] with { Ref = "" }]);
        var path = Path.Combine(Path.GetTempPath(), $"old-cms-bad-{run}.csv");
        await File.WriteAllBytesAsync(path, buffer.ToArray());
        try
        {
            var summary = await ImportCsvAsync(path, mapping, team);
            Assert.Equal(2, summary.Created);
            Assert.Equal([3, 5], summary.Rejected.Select(r => r.Line));
            Assert.Contains("column 'Manner'", summary.Rejected[0].Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private Task<ImportSummary> ImportAsync(IEnumerable<ParsedLine> lines, Guid team, string source) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<ImportService>().ImportAsync(lines, new ImportOptions(team, source), null, default));

    private async Task<ImportSummary> ImportCsvAsync(string path, ImportMapping mapping, Guid team)
    {
        await using var file = File.OpenRead(path);
        using var table = TabularReader.Open(file, mapping.Sheet);
        var mapper = new RowMapper(mapping, table.Columns, TimeZoneInfo.Utc);
        return await ImportAsync(mapper.Lines(table), team, mapping.Source!);
    }

    /// <summary>Every stored case of a source as its death record, by ref; the source itself and the order of people,
    /// exhibits and substances (which no format promises) left out of the comparison.</summary>
    private Task<Dictionary<string, string>> StoredAsync(string source) => app.WithScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<VigilDbContext>();
        var cases = await db.Cases.AsNoTracking().Where(c => c.Source == source)
            .Include(c => c.People).ThenInclude(p => p.Person).Include(c => c.Toxicology).Include(c => c.Exhibits)
            .AsSplitQuery().ToListAsync();
        return cases.ToDictionary(c => c.SourceRef, c =>
        {
            var r = CaseRecordMapper.ToRecord(c);
            return DeathRecordWriter.ToJson(r with
            {
                Source = null,
                People = [.. r.People!.OrderBy(p => p.Role, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal)],
                Exhibits = [.. r.Exhibits!.OrderBy(e => e.Type, StringComparer.Ordinal).ThenBy(e => e.Description, StringComparer.Ordinal)],
                Toxicology = [.. r.Toxicology!.OrderBy(t => t.Substance, StringComparer.Ordinal)],
            });
        });
    });
}

[Collection(SqliteCollection.Name)]
public sealed class MappedImportTests_Sqlite(SqliteApp app) : MappedImportTests(app);

[Collection(PostgresCollection.Name)]
public sealed class MappedImportTests_Postgres(PostgresApp app) : MappedImportTests(app);
