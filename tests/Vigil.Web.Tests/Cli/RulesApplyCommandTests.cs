using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Records;
using Vigil.Web.Cli;
using Vigil.Web.Features.Enquiries.Rules;
using Vigil.Web.Features.Import;
using Vigil.Web.Features.Users;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Cli;

/// <summary>`vigil rules apply` as an operator runs it after an upgrade (ADR 3147): a store imported by a Vigil whose
/// rules lacked one, then the verb with the rules of this build.</summary>
[Collection(Vigil.Web.Tests.Features.Linkage.ConsoleCollection.Name)]
public sealed class RulesApplyCommandTests : IDisposable
{
    private const string NewRule = "tie-last-seen";
    private readonly string folder = Directory.CreateTempSubdirectory("vigil-rules-").FullName;
    private string Db => Path.Combine(folder, "vigil.db");

    public RulesApplyCommandTests() => Environment.SetEnvironmentVariable("VIGIL_AUDIT_KEY", Convert.ToBase64String(new byte[32]));

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("VIGIL_AUDIT_KEY", null);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { /* best effort */ }
    }

    private async Task<(int Exit, string Out)> RunAsync(params string[] args)
    {
        var original = Console.Out;
        using var capture = new StringWriter();
        Console.SetOut(capture);
        try
        {
            return (await VigilCli.RunAsync([.. args, "--db", Db]), capture.ToString());
        }
        finally
        {
            Console.SetOut(original);
        }
    }

    /// <summary>The built-in rules file less <see cref="NewRule"/>: what the previous release shipped.</summary>
    private async Task<string> OlderRulesFileAsync()
    {
        await using var stream = typeof(EnquiryRuleSet).Assembly.GetManifestResourceStream(EnquiryRuleSet.ResourceName)!;
        var rules = JsonNode.Parse(stream)!;
        var list = rules["rules"]!.AsArray();
        list.Remove(list.Single(r => (string?)r!["id"] == NewRule));
        var path = Path.Combine(folder, "older-rules.json");
        await File.WriteAllTextAsync(path, rules.ToJsonString());
        return path;
    }

    private async Task ImportWithOlderRulesAsync(params DeathRecord[] records)
    {
        await using var services = CliServices.Build(new Dictionary<string, string?>
        {
            ["Vigil:Database"] = Db, ["Vigil:Enquiries:RulesFile"] = await OlderRulesFileAsync(),
        });
        await Vigil.Web.Hosting.DataSetup.MigrateAsync(services, default);
        Guid team;
        await using (var scope = services.CreateAsyncScope())
            team = (await scope.ServiceProvider.GetRequiredService<UserAdmin>().EnsureTeamAsync("East", default)).Id;
        var lines = records.Select((r, i) => new ParsedLine(i + 1, r, null, []));
        await services.GetRequiredService<ImportService>().ImportAsync(lines, new ImportOptions(team, "old-release", WaitForLinkage: false), null, default);
    }

    private async Task<int> ActionsOfRuleAsync()
    {
        await using var services = CliServices.Build(new Dictionary<string, string?> { ["Vigil:Database"] = Db });
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Vigil.Data.VigilDbContext>().CaseActions.CountAsync(a => a.Source == NewRule);
    }

    [Fact]
    public async Task RulesApply_AfterARuleShips_DryRunCounts_TheRunAddsItsActionsOnce_AndTheChainHolds()
    {
        await ImportWithOlderRulesAsync(Features.Enquiries.EnquiryClient.PortLike(), Features.Enquiries.EnquiryClient.PortLike(), Samples.Record());
        Assert.Equal(0, await ActionsOfRuleAsync());

        var dry = await RunAsync("rules", "apply", "--dry-run");
        Assert.Equal(VigilCli.Ok, dry.Exit);
        Assert.Contains("3 cases examined; 2 actions would be added to 2 cases", dry.Out, StringComparison.Ordinal);
        Assert.Equal(0, await ActionsOfRuleAsync());

        var run = await RunAsync("rules", "apply", "--batch", "2");
        Assert.Equal(VigilCli.Ok, run.Exit);
        Assert.Contains("3 cases examined; 2 actions added to 2 cases", run.Out, StringComparison.Ordinal);
        Assert.Contains($"  {NewRule}: 2", run.Out, StringComparison.Ordinal);
        Assert.Equal(2, await ActionsOfRuleAsync());

        var again = await RunAsync("rules", "apply");
        Assert.Contains("0 actions added to 0 cases", again.Out, StringComparison.Ordinal);
        Assert.Equal(2, await ActionsOfRuleAsync());
        Assert.Equal(VigilCli.Ok, (await RunAsync("audit", "verify")).Exit);
    }

    [Fact]
    public async Task RulesApply_ForACaseOrTeamThatDoesNotExist_ExitsOne_AndHelpDescribesIt()
    {
        await ImportWithOlderRulesAsync(Samples.Record());
        Assert.Equal(VigilCli.Failed, (await RunAsync("rules", "apply", "--case", "VGL-1900-000001")).Exit);
        Assert.Equal(VigilCli.Failed, (await RunAsync("rules", "apply", "--team", "Nowhere")).Exit);
        Assert.Equal(VigilCli.Usage, (await RunAsync("rules", "apply", "--batch", "0")).Exit);
        var help = await RunAsync("rules", "apply", "--help");
        Assert.Equal(VigilCli.Ok, help.Exit);
        Assert.Contains("--dry-run", help.Out, StringComparison.Ordinal);
    }
}
