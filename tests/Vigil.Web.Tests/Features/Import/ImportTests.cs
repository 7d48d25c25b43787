using Vigil.Web.Hosting;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Records;
using Vigil.Web.Features.Export;
using Vigil.Web.Features.Import;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Import;

public abstract class ImportTests(VigilAppFactory app)
{
    private async Task<ImportSummary> ImportAsync(string text, Guid team) =>
        await app.WithScopeAsync(sp => sp.GetRequiredService<ImportService>()
            .ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), new ImportOptions(team, "test", BatchSize: 2), null, default));

    private static string Lines(params DeathRecord[] records) => string.Join("\n", records.Select(DeathRecordWriter.ToJson));

    [Fact]
    public async Task BadLines_AreReportedByNumber_AndTheGoodOnesImport()
    {
        var team = await app.TeamIdAsync("import-" + Guid.NewGuid().ToString("N")[..6]);
        var source = "src-" + Guid.NewGuid().ToString("N")[..6];
        var good = Samples.Record(source: source);
        var text = string.Join("\n",
            DeathRecordWriter.ToJson(good),
            "{not json",
            DeathRecordWriter.ToJson(Samples.Record(source: source) with { Manner = "mysterious" }),
            DeathRecordWriter.ToJson(Samples.Record(source: source)),
            DeathRecordWriter.ToJson(Samples.Record(source: source))[..120]);
        var summary = await ImportAsync(text, team);
        Assert.Equal(5, summary.Lines);
        Assert.Equal(2, summary.Created);
        Assert.Equal([2, 3, 5], summary.Rejected.Select(r => r.Line));
        Assert.Contains("mysterious", summary.Rejected[1].Message, StringComparison.Ordinal);
        var stored = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().Cases.CountAsync(c => c.Source == source));
        Assert.Equal(2, stored);
    }

    [Fact]
    public async Task Reimport_UpdatesBySourceAndRef_NeverDuplicates()
    {
        var team = await app.TeamIdAsync("import-" + Guid.NewGuid().ToString("N")[..6]);
        var source = "src-" + Guid.NewGuid().ToString("N")[..6];
        var record = Samples.Record(source: source, classification: "non-suspicious");
        Assert.Equal(1, (await ImportAsync(Lines(record), team)).Created);
        var again = await ImportAsync(Lines(record with { Narrative = "updated narrative", Exhibits = [] }, record with { Ref = record.Ref + "-b" }), team);
        Assert.Equal((1, 1), (again.Created, again.Updated));
        await app.WithDbAsync(async db =>
        {
            var cases = await db.Cases.Include(c => c.Exhibits).Where(c => c.Source == source).ToListAsync();
            Assert.Equal(2, cases.Count);
            var updated = cases.Single(c => c.SourceRef == record.Ref);
            Assert.Equal("updated narrative", updated.Narrative);
            Assert.Empty(updated.Exhibits);
            Assert.Equal("unexpected-not-suspicious", updated.Classification);
            Assert.Equal("non-suspicious", updated.SourceClassification);
        });
    }

    [Fact]
    public async Task ImportExportImport_RoundTripsWithoutLoss()
    {
        var team = await app.TeamIdAsync("import-" + Guid.NewGuid().ToString("N")[..6]);
        var source = "rt-" + Guid.NewGuid().ToString("N")[..6];
        var records = Enumerable.Range(0, 5).Select(i => Samples.Record(source: source, classification: i % 2 == 0 ? "suspicious" : "homicide")
            with { Extra = new() { ["coroner_area"] = System.Text.Json.JsonDocument.Parse("\"Inner North\"").RootElement.Clone() } }).ToArray();
        await ImportAsync(Lines(records), team);
        var exported = await ExportAsync(source);
        var original = records.Select(DeathRecordWriter.ToJson).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(original, exported.Order(StringComparer.Ordinal).ToList());
        // The export read back is the record each case holds: every line is found unchanged (ADR 1630).
        var reimport = await ImportAsync(string.Join("\n", exported), team);
        Assert.Equal((0, 0, 5, 0), (reimport.Created, reimport.Updated, reimport.Unchanged, reimport.Rejected.Count));
        Assert.Equal(original, (await ExportAsync(source)).Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task ImportApi_ReportsRejectedLines_AndIsForbiddenToInvestigators()
    {
        var supervisor = await app.CreateUserAsync(Roles.Supervisor);
        var investigator = await app.CreateUserAsync(Roles.Investigator);
        var body = new StringContent(Lines(Samples.Record(source: "api-" + Guid.NewGuid().ToString("N")[..6])) + "\n[1,2]\n", Encoding.UTF8, "application/x-ndjson");
        using var denied = app.ApiClient(investigator);
        Assert.Equal(HttpStatusCode.Forbidden, (await denied.PostAsync($"/api/v1/imports?team={investigator.TeamId}", body)).StatusCode);
        using var client = app.ApiClient(supervisor);
        var response = await client.PostAsync($"/api/v1/imports?team={supervisor.TeamId}", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = (await response.Content.ReadFromJsonAsync<ImportResponse>(ApiJson.Client))!;
        Assert.Equal(1, result.Created);
        Assert.Equal(2, Assert.Single(result.Rejected).Line);
    }

    private async Task<List<string>> ExportAsync(string source) => await app.WithScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<VigilDbContext>();
        using var buffer = new MemoryStream();
        await new ExportService(db).ExportAsync(buffer, ExportFormat.Jsonl, db.Cases.Where(c => c.Source == source), default);
        return Encoding.UTF8.GetString(buffer.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    });
}

[Collection(SqliteCollection.Name)]
public sealed class ImportTests_Sqlite(SqliteApp app) : ImportTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ImportTests_Postgres(PostgresApp app) : ImportTests(app);
