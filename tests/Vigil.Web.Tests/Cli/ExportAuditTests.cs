using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Records;
using Vigil.Web.Cli;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Cli;

/// <summary>ADR 3144: `vigil export` is in the audit trail as the web's exports are — each case exported, then the
/// export as a whole (format, file, filter, count), by the verb's operating-system user — and the chain still verifies.</summary>
[Collection(Vigil.Web.Tests.Features.Linkage.ConsoleCollection.Name)]
public abstract class ExportAuditTests : IAsyncLifetime
{
    protected readonly string Folder = Directory.CreateTempSubdirectory("vigil-export-audit-").FullName;

    protected abstract string Db { get; }

    public virtual Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("VIGIL_AUDIT_KEY", Convert.ToBase64String(new byte[32]));
        return Task.CompletedTask;
    }

    public virtual Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable("VIGIL_AUDIT_KEY", null);
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { /* best effort */ }
        return Task.CompletedTask;
    }

    private Task<int> Run(params string[] args) => VigilCli.RunAsync([.. args, "--db", Db]);

    [Fact]
    public async Task Export_RecordsEachCaseAndTheExport_ByTheOperator_AndTheChainVerifies()
    {
        var input = Path.Combine(Folder, "in.jsonl");
        await File.WriteAllLinesAsync(input, Enumerable.Range(0, 3).Select(_ => DeathRecordWriter.ToJson(Samples.Record(source: "cli"))));
        Assert.Equal(VigilCli.Ok, await Run("migrate"));
        Assert.Equal(VigilCli.Ok, await Run("import", input, "--quiet"));
        var output = Path.Combine(Folder, "out.csv");
        Assert.Equal(VigilCli.Ok, await Run("export", "--out", output));

        await using var services = CliServices.Build(new Dictionary<string, string?> { ["Vigil:Database"] = Db });
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Vigil.Data.VigilDbContext>();
        var cases = await db.Cases.Select(c => c.Id).ToListAsync();
        var exported = await db.AuditEntries.Where(e => e.Action == "export").OrderBy(e => e.Sequence).ToListAsync();
        var operatorName = $"cli:{Environment.UserName}";
        Assert.Equal(cases.Order(), exported.Where(e => e.EntityType == "DeathCase").Select(e => e.CaseId!.Value).Order());
        var whole = Assert.Single(exported, e => e.EntityType == "Export");
        Assert.Same(whole, exported[^1]);
        Assert.All(exported, e => Assert.Equal(operatorName, e.Actor));
        Assert.Equal(output, whole.EntityId);
        var details = JsonDocument.Parse(whole.Changes).RootElement;
        Assert.Equal(3, details.GetProperty("count").GetInt32());
        Assert.Equal("csv", details.GetProperty("format").GetString());
        Assert.Equal(output, details.GetProperty("file").GetString());
        Assert.Equal("every case", details.GetProperty("filter").GetString());

        Assert.Equal(VigilCli.Ok, await Run("audit", "verify"));
    }
}

public sealed class ExportAuditTests_Sqlite : ExportAuditTests
{
    protected override string Db => Path.Combine(Folder, "vigil.db");

    public override Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return base.DisposeAsync();
    }
}

public sealed class ExportAuditTests_Postgres : ExportAuditTests
{
    private readonly string database = "vigil_export_audit_" + Guid.NewGuid().ToString("N")[..12];

    protected override string Db => $"{PostgresServer.ConnectionString};Database={database}";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await PostgresServer.CreateDatabaseAsync(database);
    }

    public override async Task DisposeAsync()
    {
        await PostgresServer.DropDatabaseAsync(database);
        await base.DisposeAsync();
    }
}
