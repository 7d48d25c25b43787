using System.Text.Json;
using Vigil.Records;
using Vigil.Web.Cli;
using Vigil.Web.Features.Demo;

namespace Vigil.Web.Tests.Features.Linkage;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "console";
}

/// <summary>The verbs on a small generated fixture: the demo generator's deaths with its hidden four-death series.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class LinkageCommandsTests : IDisposable
{
    private static readonly string[] SeriesNames = ["Owen Carraway", "Mateo Lindqvist", "Rhys Albright", "Tobias Fenwick"];
    private readonly string dir = Directory.CreateTempSubdirectory("vigil-linkage-cli-").FullName;
    private string PathOf(string name) => Path.Combine(dir, name);

    public LinkageCommandsTests()
    {
        var records = new DemoGenerator(7).Generate(300, new DateTime(2023, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc)).ToList();
        File.WriteAllLines(PathOf("records.jsonl"), records.Select(DeathRecordWriter.ToJson));
        var series = records.Where(r => SeriesNames.Contains(r.Deceased?.Name) && r.Location.Setting == "churchyard" && r.Deceased?.Occupation == "student").ToList();
        Assert.Equal(4, series.Count);
        File.WriteAllLines(PathOf("truth.csv"), ["ref,series", .. series.Select(r => r.Ref + ",port")]);
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public async Task TrainReplayEvaluate_RoundTrip_OnTheFixture()
    {
        Assert.Equal(VigilCli.Ok, (await RunAsync("train", PathOf("records.jsonl"), PathOf("truth.csv"), "--out", PathOf("model.json"))).Code);
        Assert.Contains("\"tables\"", await File.ReadAllTextAsync(PathOf("model.json")), StringComparison.Ordinal);

        Assert.Equal(VigilCli.Ok, (await RunAsync("replay", PathOf("records.jsonl"), "--out", PathOf("out.jsonl"), "--model", PathOf("model.json"))).Code);
        var lines = await File.ReadAllLinesAsync(PathOf("out.jsonl"));
        Assert.Equal(304, lines.Length);
        using (var line = JsonDocument.Parse(lines[^1]))
            Assert.True(line.RootElement.GetProperty("candidates").GetArrayLength() > 0);

        var (code, output) = await RunAsync("evaluate", PathOf("out.jsonl"), PathOf("truth.csv"));
        Assert.Equal(VigilCli.Ok, code);
        using var metrics = JsonDocument.Parse(output);
        foreach (var key in new[] { "series_first_link", "victim_recall", "recall_at_5", "alert_rate", "alert_precision", "ap" })
            Assert.True(metrics.RootElement.TryGetProperty(key, out _), key);
        Assert.Equal(304, metrics.RootElement.GetProperty("records").GetInt32());
        Assert.Equal(1, metrics.RootElement.GetProperty("series").GetInt32());
        Assert.True(metrics.RootElement.GetProperty("recall_at_5").GetDouble() > 0, "an earlier member should be in some later victim's top five");
    }

    [Fact]
    public async Task DefaultModelReplay_NeedsNoModelFile()
    {
        Assert.Equal(VigilCli.Ok, (await RunAsync("replay", PathOf("records.jsonl"), "--out", PathOf("default.jsonl"))).Code);
        Assert.Equal(304, (await File.ReadAllLinesAsync(PathOf("default.jsonl"))).Length);
    }

    [Theory]
    [InlineData(VigilCli.Failed, "replay", "missing.jsonl", "--out", "x.jsonl")]
    [InlineData(VigilCli.Failed, "evaluate", "missing.jsonl", "truth.csv")]
    [InlineData(VigilCli.Failed, "train", "records.jsonl", "missing.csv", "--out", "m.json")]
    [InlineData(VigilCli.Usage, "replay", "records.jsonl")]
    [InlineData(VigilCli.Usage, "evaluate", "records.jsonl")]
    [InlineData(VigilCli.Ok, "train", "--help")]
    [InlineData(VigilCli.Ok, "clusters", "--help")]
    [InlineData(VigilCli.Ok, "outbox", "--help")]
    public async Task Verbs_AnswerWithTheDocumentedExitCodes(int expected, params string[] args) =>
        Assert.Equal(expected, (await RunAsync([.. args.Select(a => a.Contains('.', StringComparison.Ordinal) ? PathOf(a) : a)])).Code);

    [Fact]
    public async Task Clusters_ScansTheStore_AndPrintsTheMostUnusualClusterFirst()
    {
        Environment.SetEnvironmentVariable("VIGIL_AUDIT_KEY_FILE", PathOf("audit.key"));
        var db = PathOf("store.db");
        Assert.Equal(VigilCli.Ok, (await RunAsync("import", PathOf("records.jsonl"), "--db", db, "--quiet")).Code);
        var (code, output) = await RunAsync("clusters", "--db", db, "--kind", "Ghb", "--days", "3650");
        Assert.Equal(VigilCli.Ok, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("Ghb", json.RootElement.GetProperty("kind").GetString());
        var clusters = json.RootElement.GetProperty("clusters").EnumerateArray().ToList();
        Assert.NotEmpty(clusters);
        // The fixture's GHB deaths concentrate in one place: more were observed there than the background expects.
        var top = clusters[0];
        Assert.True(top.GetProperty("observed").GetInt32() >= 2, output);
        Assert.True(top.GetProperty("observed").GetDouble() > top.GetProperty("expected").GetDouble(), output);
        Assert.False(string.IsNullOrWhiteSpace(top.GetProperty("sentence").GetString()));
    }

    [Fact]
    public async Task Outbox_AfterAWaitedImport_HasNothingWaitingAndNothingParked()
    {
        Environment.SetEnvironmentVariable("VIGIL_AUDIT_KEY_FILE", PathOf("audit.key"));
        var db = PathOf("outbox.db");
        Assert.Equal(VigilCli.Ok, (await RunAsync("import", PathOf("records.jsonl"), "--db", db, "--quiet")).Code);
        var (code, output) = await RunAsync("outbox", "--db", db);
        Assert.Equal(VigilCli.Ok, code);
        Assert.Contains("0 deaths waiting to be compared; 0 parked", output, StringComparison.Ordinal);
    }

    /// <summary>ADR 3141: `vigil outbox` counts deaths, as it says, not queue rows: a death imported, then updated by a
    /// second import, before the worker reached it, has two rows and is one death waiting.</summary>
    [Fact]
    public async Task Outbox_CountsDeathsWaiting_NotTheirQueueRows()
    {
        Environment.SetEnvironmentVariable("VIGIL_AUDIT_KEY_FILE", PathOf("audit.key"));
        var db = PathOf("outbox-twice.db");
        var three = PathOf("three.jsonl");
        await File.WriteAllLinesAsync(three, (await File.ReadAllLinesAsync(PathOf("records.jsonl"))).Take(3));
        Assert.Equal(VigilCli.Ok, (await RunAsync("import", three, "--db", db, "--quiet", "--no-wait")).Code);
        Assert.Equal(VigilCli.Ok, (await RunAsync("import", three, "--db", db, "--quiet", "--no-wait")).Code);
        var (code, output) = await RunAsync("outbox", "--db", db);
        Assert.Equal(VigilCli.Ok, code);
        Assert.Contains("3 deaths waiting to be compared; 0 parked", output, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        var original = Console.Out;
        using var capture = new StringWriter();
        Console.SetOut(capture);
        try
        {
            return (await VigilCli.RunAsync(args), capture.ToString());
        }
        finally
        {
            Console.SetOut(original);
        }
    }
}
