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
using Vigil.Web.Features.Import.Mapping;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Fuzz;

/// <summary>The import endpoint under mutated bodies, and exports read back, on each store.</summary>
public abstract class ImportFuzzTests(VigilAppFactory app)
{
    [Fact]
    public async Task MutatedImportBodies_AreAnsweredWithAReport_NeverA5xx_AndStoreExactlyWhatTheyReport()
    {
        var supervisor = await app.CreateUserAsync(Roles.Supervisor);
        using var client = app.ApiClient(supervisor);
        var random = new Random(13);
        for (var i = 0; i < 20; i++)
        {
            var source = $"fuzz-{i}-{Guid.NewGuid():N}"[..20];
            var lines = Enumerable.Range(0, 3).Select(_ => DeathRecordWriter.ToJson(Samples.Record()));
            var body = Mutations.Mutate(Encoding.UTF8.GetBytes(string.Join('\n', lines)), random);
            var response = await client.PostAsync($"/api/v1/imports?team={supervisor.TeamId}&source={source}", new ByteArrayContent(body)
            {
                Headers = { ContentType = new("application/x-ndjson") },
            });
            var text = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode < 500, $"mutation {i} → {(int)response.StatusCode}: {text}");
            if (response.StatusCode != HttpStatusCode.OK) continue;
            var report = (await response.Content.ReadFromJsonAsync<ImportResponse>(ApiJson.Client))!;
            var stored = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().Cases.CountAsync(c => c.TeamId == supervisor.TeamId && c.Source == source));
            Assert.True(report.Created <= stored, $"mutation {i}: reported {report.Created} created, {stored} stored");
            Assert.Equal(report.Lines, report.Created + report.Updated + report.Unchanged + report.Rejected.Count);
        }
    }

    [Fact]
    public async Task CsvAndJsonExports_ReadBack_WithEveryCase()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var created = new List<string>();
        for (var i = 0; i < 3; i++) created.Add((await app.CreateCaseAsync(ivy, Samples.Record(name: $"Read Back {i}"))).Reference);
        await app.WithScopeAsync<bool>(async sp =>
        {
            var db = sp.GetRequiredService<VigilDbContext>();
            var scope = db.Cases.Where(c => c.TeamId == ivy.TeamId);
            var exporter = new ExportService(db);
            using var csv = new MemoryStream();
            Assert.Equal(3, await exporter.ExportAsync(csv, ExportFormat.Csv, scope, default));
            csv.Position = 0;
            using var table = TabularReader.Open(csv);
            Assert.Contains("reference", table.Columns);
            var references = table.Rows().Select(r => r.Cells[table.Columns.ToList().IndexOf("reference")]).ToList();
            Assert.Equal(created.Order(), references.Order());

            using var jsonl = new MemoryStream();
            Assert.Equal(3, await exporter.ExportAsync(jsonl, ExportFormat.Jsonl, scope, default));
            jsonl.Position = 0;
            var lines = DeathRecordParser.Parse(jsonl).ToList();
            Assert.All(lines, l => Assert.True(l.IsValid, l.Error));
            Assert.Equal(["Read Back 0", "Read Back 1", "Read Back 2"], lines.Select(l => l.Record!.Deceased!.Name).Order());
            return true;
        });
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ImportFuzzTests_Sqlite(SqliteApp app) : ImportFuzzTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ImportFuzzTests_Postgres(PostgresApp app) : ImportFuzzTests(app);
