using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Linkage;
using Vigil.Linkage.Model;
using Vigil.Web.Cli;
using Vigil.Web.Features.Linkage.Models;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Linkage.Models;

/// <summary>`vigil model publish FILE` (ADR 3153): publishes, audited as the operating-system user; a file that is not a
/// model is refused with its line and field, and nothing is written.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ModelPublishCommandTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Publish_MakesTheFileTheCurrentModel_Audited_AndListShowsIt(string provider)
    {
        await using var store = await SharedStore.CreateAsync(provider);
        var file = Path.Combine(store.Folder, "force.json");
        var json = ModelAcrossNodesTests.HalvedSexU().ToJson();
        await File.WriteAllTextAsync(file, json);
        var sha = ModelStore.Sha256Of(json);

        var (code, output, error) = await RunAsync(store, "model", "publish", file, "--note", "retrained on 2026");
        Assert.True(code == VigilCli.Ok, error);
        Assert.Contains($"published linkage model {ModelStore.ShortId(sha)}", output, StringComparison.Ordinal);
        await using var services = store.Services();
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
            var row = Assert.Single(await db.Models().AsNoTracking().ToListAsync());
            Assert.Equal((sha, json, "retrained on 2026"), (row.Sha256, row.Json, row.Note));
            var audit = Assert.Single(await db.AuditEntries.AsNoTracking().Where(e => e.EntityType == nameof(PublishedModel)).ToListAsync());
            Assert.Equal(row.Id.ToString(), audit.EntityId);
            Assert.StartsWith("cli:", audit.Actor, StringComparison.Ordinal);
        }
        (code, output, _) = await RunAsync(store, "model", "list");
        Assert.Equal(VigilCli.Ok, code);
        Assert.StartsWith($"current {ModelStore.ShortId(sha)}", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite", "rho", "line 9, field $.tables[0].rho")]
    [InlineData("postgres", "rho", "line 9, field $.tables[0].rho")]
    [InlineData("sqlite", "levels", "$.tables[0].m[0]: 2 levels; expected 3")]
    [InlineData("sqlite", "probability", "$.tables[0].u[4][1]: 0 is not a probability")]
    [InlineData("sqlite", "syntax", "line 1, field $")]
    // "NaN" and "Infinity" are read (named literals): each of these made every pair's probability NaN, or the bar
    // unreachable, so a published model silenced every node's alerts.
    [InlineData("sqlite", "scale", "$.scale: NaN is not a number above 0")]
    [InlineData("sqlite", "prior", "$.tables[2].rho: -1 is not a number above 0")]
    [InlineData("sqlite", "coefficient", "$.calibration.coefficients[3]: NaN is not a finite number")]
    [InlineData("sqlite", "threshold", "$.alert_thresholds[0].threshold: Infinity is not a probability")]
    public async Task Publish_OfAMalformedModel_IsRefusedWithWhereAndWhat_AndChangesNothing(string provider, string fault, string expected)
    {
        await using var store = await SharedStore.CreateAsync(provider);
        var file = Path.Combine(store.Folder, "bad.json");
        await File.WriteAllTextAsync(file, Malformed(fault));
        var auditBefore = await CountAsync(store, db => db.AuditEntries.CountAsync());

        var (code, _, error) = await RunAsync(store, "model", "publish", file);
        Assert.Equal(VigilCli.Failed, code);
        Assert.Contains("bad.json is not a linkage model", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(store, db => db.Models().CountAsync()));
        Assert.Equal(auditBefore, await CountAsync(store, db => db.AuditEntries.CountAsync()));
    }

    [Fact]
    public async Task Model_AndItsVerbs_AnswerHelp()
    {
        foreach (var args in new[] { new[] { "model", "--help" }, ["model", "publish", "--help"], ["model", "list", "--help"] })
            Assert.Equal(VigilCli.Ok, (await RunAsync(null, args)).Code);
        Assert.Equal(VigilCli.Usage, (await RunAsync(null, "model", "publish")).Code);
    }

    private static string Malformed(string fault)
    {
        var json = LinkageModel.DefaultJson();
        switch (fault)
        {
            case "rho":
                var at = json.IndexOf("\"rho\": ", StringComparison.Ordinal);
                var end = json.IndexOf(',', at);
                return json[..at] + "\"rho\": \"high\"" + json[end..];
            case "syntax":
                return "not json";
            default:
                var model = LinkageModel.Default();
                switch (fault)
                {
                    case "levels": model.Tables[0].M[0] = [0.5, 0.5]; break;
                    case "scale": model.Scale = double.NaN; break;
                    case "prior": model.Tables[2].Rho = -1; break;
                    case "coefficient": model.Calibration!.Coefficients[3] = double.NaN; break;
                    case "threshold": model.AlertThresholds[0] = model.AlertThresholds[0] with { Threshold = double.PositiveInfinity }; break;
                    default: model.Tables[0].U[4][1] = 0; break;
                }
                return model.ToJson();
        }
    }

    private static async Task<int> CountAsync(SharedStore store, Func<VigilDbContext, Task<int>> count)
    {
        await using var services = store.Services();
        await using var scope = services.CreateAsyncScope();
        return await count(scope.ServiceProvider.GetRequiredService<VigilDbContext>());
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(SharedStore? store, params string[] args)
    {
        var (originalOut, originalError) = (Console.Out, Console.Error);
        using var output = new StringWriter();
        using var error = new StringWriter();
        Console.SetOut(output);
        Console.SetError(error);
        var key = Environment.GetEnvironmentVariable("VIGIL_AUDIT_KEY_FILE");
        try
        {
            if (store is not null) Environment.SetEnvironmentVariable("VIGIL_AUDIT_KEY_FILE", store.AuditKeyFile);
            return (await VigilCli.RunAsync(store is null ? args : [.. args, "--db", store.Database]), output.ToString(), error.ToString());
        }
        finally
        {
            Environment.SetEnvironmentVariable("VIGIL_AUDIT_KEY_FILE", key);
            Console.SetOut(originalOut);
            Console.SetError(originalError);
        }
    }
}
