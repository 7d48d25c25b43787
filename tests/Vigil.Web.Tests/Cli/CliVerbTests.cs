using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Records;
using Vigil.Web.Cli;
using Vigil.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Vigil.Web.Tests.Cli;

/// <summary>The verbs as a script calls them: real arguments, a real SQLite file, exit codes checked.</summary>
[Collection(Vigil.Web.Tests.Features.Linkage.ConsoleCollection.Name)]
public sealed class CliVerbTests : IDisposable
{
    private readonly ITestOutputHelper output;
    private readonly string folder = Directory.CreateTempSubdirectory("vigil-cli-").FullName;
    private string Db => Path.Combine(folder, "vigil.db");

    public CliVerbTests(ITestOutputHelper output)
    {
        this.output = output;
        Environment.SetEnvironmentVariable("VIGIL_AUDIT_KEY", Convert.ToBase64String(new byte[32]));
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("VIGIL_AUDIT_KEY", null);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { /* best effort */ }
    }

    /// <summary>The verb on this test's store, its stdout and stderr in the test's log: a verb that exits with the wrong
    /// code says why in the failed test's output, not in the test host's console where no one reads it.</summary>
    private async Task<int> Run(params string[] args)
    {
        var (stdout, stderr) = (Console.Out, Console.Error);
        using var capture = new StringWriter();
        Console.SetOut(capture);
        Console.SetError(capture);
        try
        {
            var code = await VigilCli.RunAsync([.. args, "--db", Db]);
            output.WriteLine($"$ vigil {string.Join(' ', args)} -> exit {code}\n{capture}");
            return code;
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
    }

    [Fact]
    public async Task Import_WithARejectedLine_ExitsOne_AndImportsTheRest_ThenExportRoundTrips()
    {
        var input = Path.Combine(folder, "in.jsonl");
        var good = Samples.Record(source: "cli", classification: "unexplained");
        await File.WriteAllTextAsync(input, DeathRecordWriter.ToJson(good) + "\n{broken\n" + DeathRecordWriter.ToJson(Samples.Record(source: "cli")) + "\n");
        Assert.Equal(VigilCli.Failed, await Run("import", input, "--quiet"));
        var output = Path.Combine(folder, "out.jsonl");
        Assert.Equal(VigilCli.Ok, await Run("export", "--out", output));
        var lines = (await File.ReadAllLinesAsync(output)).Where(l => l.Length > 0).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal(DeathRecordWriter.ToJson(good), lines.Single(l => l.Contains(good.Ref, StringComparison.Ordinal)));
        Assert.Equal(VigilCli.Ok, await Run("audit", "verify"));
    }

    [Fact]
    public async Task Export_AsGeoJson_WritesOnePointPerDeath_LongitudeFirst()
    {
        var input = Path.Combine(folder, "in.jsonl");
        var east = Samples.Record(source: "cli") with { Location = new RecordLocation { Lat = 51.5401, Lon = 0.0812, Area = "Newham" } };
        await File.WriteAllTextAsync(input, DeathRecordWriter.ToJson(east) + "\n" + DeathRecordWriter.ToJson(Samples.Record(source: "cli")) + "\n");
        Assert.Equal(VigilCli.Ok, await Run("import", input, "--quiet"));
        var output = Path.Combine(folder, "deaths.out");
        Assert.Equal(VigilCli.Ok, await Run("export", "--format", "geojson", "--out", output));
        var options = new System.Text.Json.JsonSerializerOptions();
        options.Converters.Add(new NetTopologySuite.IO.Converters.GeoJsonConverterFactory());
        var features = System.Text.Json.JsonSerializer.Deserialize<NetTopologySuite.Features.FeatureCollection>(await File.ReadAllTextAsync(output), options)!;
        Assert.Equal(2, features.Count);
        var point = (NetTopologySuite.Geometries.Point)features.Single(f => f.Attributes.GetOptionalValue("area")?.ToString() == "Newham").Geometry;
        Assert.Equal((0.0812, 51.5401), (point.X, point.Y));
    }

    [Fact]
    public async Task Users_CreateWithUnknownRole_Fails_AndAKnownRoleSucceeds()
    {
        Assert.Equal(VigilCli.Failed, await Run("users", "create", "ivy", "--role", "wizard", "--password", "long enough password"));
        Assert.Equal(VigilCli.Ok, await Run("users", "create", "ivy", "--role", "investigator", "--team", "East", "--password", "long enough password"));
        Assert.Equal(VigilCli.Failed, await Run("users", "create", "ivy", "--role", "investigator", "--password", "long enough password"));
        Assert.Equal(VigilCli.Ok, await Run("users", "disable", "ivy"));
    }

    [Fact]
    public async Task UnknownVerbOrOption_ExitsTwo()
    {
        Assert.Equal(VigilCli.Usage, await VigilCli.RunAsync(["frobnicate"]));
        Assert.Equal(VigilCli.Usage, await VigilCli.RunAsync(["import"]));
    }

    /// <summary>ADR 1623: nothing outside the store, nothing to do; the verb says so and exits 0.</summary>
    [Fact]
    public async Task UploadsAdopt_OnAStoreWithEveryUploadInside_ExitsZero()
    {
        Assert.Equal(VigilCli.Ok, await Run("migrate"));
        Assert.Equal(VigilCli.Ok, await Run("uploads", "adopt"));
        Assert.Equal(VigilCli.Ok, await Run("uploads", "adopt", "--folder", folder));
        Assert.Equal(VigilCli.Ok, await VigilCli.RunAsync(["uploads", "adopt", "--help"]));
    }

    /// <summary>ADR 3267: the liaison rows made again from the family tables (none here), and the verb's help.</summary>
    [Fact]
    public async Task LiaisonRebuild_ExitsZero_AndHasHelp()
    {
        Assert.Equal(VigilCli.Ok, await Run("liaison", "rebuild"));
        Assert.Equal(VigilCli.Ok, await VigilCli.RunAsync(["liaison", "rebuild", "--help"]));
    }

    [Fact]
    public async Task ImportOfAMissingFile_ExitsOne() =>
        Assert.Equal(VigilCli.Failed, await Run("import", Path.Combine(folder, "nope.jsonl")));

    /// <summary>ADR 3138: a token's lifetime from the CLI is refused outside 1-365 days, as the API refuses it (ADR 1461):
    /// `--days 0` printed a token expired at birth with exit 0, `--days 100000` one for 273 years.</summary>
    [Theory]
    [InlineData("0")]
    [InlineData("-30")]
    [InlineData("366")]
    [InlineData("100000")]
    public async Task TokensCreate_WithALifetimeOutsideOneToAYear_ExitsTwo_AndMintsNothing(string days)
    {
        Assert.Equal(VigilCli.Ok, await Run("users", "create", "tia", "--role", "analyst", "--password", "long enough password"));
        Assert.Equal(VigilCli.Usage, await Run("tokens", "create", "tia", "--days", days));
        Assert.Equal(VigilCli.Ok, await Run("tokens", "create", "tia", "--days", "365"));
        await using var services = CliServices.Build(new Dictionary<string, string?> { ["Vigil:Database"] = Db });
        await using var scope = services.CreateAsyncScope();
        Assert.Single(await scope.ServiceProvider.GetRequiredService<Vigil.Web.Features.Users.UserAdmin>().TokensAsync(null, default));
    }

    /// <summary>`users roles --add` refuses a team-scoped role for an account in no team, as `users create` does: such
    /// an investigator saw no case at all. A role that needs no team is still added.</summary>
    [Fact]
    public async Task UsersRoles_AddingATeamRoleToAnAccountInNoTeam_ExitsOne_AndAddsNothing()
    {
        Assert.Equal(VigilCli.Ok, await Run("users", "create", "una", "--role", "analyst", "--password", "long enough password"));
        Assert.Equal(VigilCli.Failed, await Run("users", "roles", "una", "--add", "investigator"));
        Assert.Equal(VigilCli.Ok, await Run("users", "roles", "una", "--add", "reviewer"));
        await using var services = CliServices.Build(new Dictionary<string, string?> { ["Vigil:Database"] = Db });
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Vigil.Data.Identity.VigilUser>>();
        Assert.Equal(["analyst", "reviewer"], (await users.GetRolesAsync((await users.FindByNameAsync("una"))!)).Order(StringComparer.Ordinal));
    }

    /// <summary>ADR 3139: a disabled account gets no new token. Disabling revokes its tokens (ADR 3112); one minted
    /// while it was disabled came alive again when the account was enabled.</summary>
    [Fact]
    public async Task TokensCreate_ForADisabledUser_ExitsOne_AndNoTokenWakesWhenTheUserIsEnabled()
    {
        Assert.Equal(VigilCli.Ok, await Run("users", "create", "tam", "--role", "analyst", "--password", "long enough password"));
        Assert.Equal(VigilCli.Ok, await Run("users", "create", "tod", "--role", "administrator", "--password", "long enough password"));
        Assert.Equal(VigilCli.Ok, await Run("users", "disable", "tam"));
        Assert.Equal(VigilCli.Failed, await Run("tokens", "create", "tam"));
        Assert.Equal(VigilCli.Ok, await Run("users", "enable", "tam"));
        await using var services = CliServices.Build(new Dictionary<string, string?> { ["Vigil:Database"] = Db });
        await using var scope = services.CreateAsyncScope();
        Assert.DoesNotContain(await scope.ServiceProvider.GetRequiredService<Vigil.Web.Features.Users.UserAdmin>().TokensAsync(null, default), t => t.RevokedAt is null);
    }

    /// <summary>ADR 3137: `demo --dir` wipes only a folder that is empty or a demo store it made; a folder of anything
    /// else (a store's own data folder, a home directory) is refused before anything in it is touched.</summary>
    [Fact]
    public async Task Demo_IntoAFolderThatIsNotADemoStore_ExitsTwo_AndDeletesNothing()
    {
        var other = Directory.CreateDirectory(Path.Combine(folder, "not-a-demo")).FullName;
        var notes = Path.Combine(other, "notes.txt");
        await File.WriteAllTextAsync(notes, "kept");
        Assert.Equal(VigilCli.Usage, await VigilCli.RunAsync(["demo", "--dir", other, "--records", "50", "--no-serve"]));
        Assert.Equal("kept", await File.ReadAllTextAsync(notes));
        Assert.True(Vigil.Web.Features.Demo.DemoCommand.MayWipe(new DirectoryInfo(Path.Combine(folder, "absent"))));
        var made = Directory.CreateDirectory(Path.Combine(folder, "made")).FullName;
        Assert.True(Vigil.Web.Features.Demo.DemoCommand.MayWipe(new DirectoryInfo(made)));
        await File.WriteAllTextAsync(Path.Combine(made, "vigil.db"), "");
        Assert.False(Vigil.Web.Features.Demo.DemoCommand.MayWipe(new DirectoryInfo(made)));
        await File.WriteAllTextAsync(Path.Combine(made, Vigil.Web.Features.Demo.DemoCommand.Marker), "");
        Assert.True(Vigil.Web.Features.Demo.DemoCommand.MayWipe(new DirectoryInfo(made)));
        var older = Directory.CreateDirectory(Path.Combine(folder, ".vigil-demo")).FullName;
        await File.WriteAllTextAsync(Path.Combine(older, "vigil.db"), "");
        Assert.True(Vigil.Web.Features.Demo.DemoCommand.MayWipe(new DirectoryInfo(older)));
        var production = Directory.CreateDirectory(Path.Combine(folder, ".vigil")).FullName;
        await File.WriteAllTextAsync(Path.Combine(production, "vigil.db"), "");
        Assert.False(Vigil.Web.Features.Demo.DemoCommand.MayWipe(new DirectoryInfo(production)));
    }

    /// <summary>ADR 1626: every bench verb writes synthetic rows into the store it measures; a store with a sign-in
    /// account is somebody's casework and is refused before anything is written. A store of its own is filled.</summary>
    [Fact]
    public async Task Bench_OnAStoreWithSignInAccounts_ExitsTwo_AndWritesNothing()
    {
        Assert.Equal(VigilCli.Ok, await Run("bench", "caselist", "--cases", "30", "--queries", "1"));
        Assert.Equal(30, await CasesAsync());
        Assert.Equal(VigilCli.Ok, await Run("users", "create", "ivy", "--role", "investigator", "--team", "East", "--password", "long enough password"));
        Assert.Equal(VigilCli.Usage, await Run("bench", "caselist", "--cases", "60", "--queries", "1"));
        Assert.Equal(VigilCli.Usage, await Run("bench", "audit", "--entries", "50", "--proofs", "1"));
        // The sweep bench would notify the store's own officers of whatever is overdue (ADR 3152).
        Assert.Equal(VigilCli.Usage, await Run("bench", "sweep", "--at", "2099-01-01T00:00:00Z"));
        Assert.Equal(30, await CasesAsync());
    }

    /// <summary>ADR 1627: an export that fails half-way (here a case whose stored extra fields no longer parse, last in
    /// reference order) exits 1 and leaves the last good export of that name as it was, with no partial file beside it.</summary>
    [Fact]
    public async Task Export_ThatFailsHalfWay_ExitsOne_AndKeepsTheLastGoodFile()
    {
        var input = Path.Combine(folder, "in.jsonl");
        await File.WriteAllLinesAsync(input, Enumerable.Range(0, 3).Select(_ => DeathRecordWriter.ToJson(Samples.Record(source: "cli"))));
        Assert.Equal(VigilCli.Ok, await Run("import", input, "--quiet"));
        var output = Path.Combine(folder, "out.jsonl");
        Assert.Equal(VigilCli.Ok, await Run("export", "--out", output));
        var good = await File.ReadAllTextAsync(output);
        Assert.Equal(3, good.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        await ExecuteAsync("UPDATE cases SET ExtraJson = '{broken' WHERE Reference = (SELECT max(Reference) FROM cases)");
        Assert.Equal(VigilCli.Failed, await Run("export", "--out", output));
        Assert.Equal(good, await File.ReadAllTextAsync(output));
        Assert.False(File.Exists(output + ".partial"));
    }

    private async Task<long> CasesAsync() => (long)(await ExecuteAsync("SELECT count(*) FROM cases"))!;

    private async Task<object?> ExecuteAsync(string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Db}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}

public sealed class ForceTimeAndActorTests
{
    [Fact]
    public void LondonTimes_ShowGmtInWinterAndBstInSummer()
    {
        var time = new Vigil.Web.Features.Shared.ForceTime(Microsoft.Extensions.Options.Options.Create(new Vigil.Web.Hosting.VigilSettings()));
        Assert.EndsWith("12:00 GMT", time.Show(new DateTime(2015, 1, 10, 12, 0, 0, DateTimeKind.Utc)), StringComparison.Ordinal);
        Assert.EndsWith("13:00 BST", time.Show(new DateTime(2015, 7, 10, 12, 0, 0, DateTimeKind.Utc)), StringComparison.Ordinal);
        Assert.Equal(new DateTime(2015, 7, 10, 11, 0, 0, DateTimeKind.Utc), time.ToUtc(new DateTime(2015, 7, 10, 12, 0, 0)));
    }

    [Theory]
    [InlineData("user:5f1:ivy", "ivy")]
    [InlineData("token:9a:5f1:ivy", "API token of ivy")]
    [InlineData("cli:root", "command line, as 'root'")]
    [InlineData("system:rules-apply", "command line, rules apply")]
    [InlineData("family:5f1", "family member (portal)")]
    public void AuditActor_IsShownByName(string actor, string shown) =>
        Assert.Equal(shown, Vigil.Web.Features.Audit.AuditActor.Say(actor));
}
