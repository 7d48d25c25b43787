using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Data.Linkage;
using Vigil.Linkage.Model;
using Vigil.Linkage.Scoring;
using Vigil.Records;
using Vigil.Web.Cli;
using Vigil.Web.Features.Import;
using Vigil.Web.Features.Linkage;
using Vigil.Web.Features.Linkage.Alerts;
using Vigil.Web.Features.Linkage.Models;
using Vigil.Web.Tests.Features.Linkage.Outbox;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Linkage.Models;

/// <summary>The model in the store (ADR 3153): a model published through one node scores the other node's next
/// comparison, with the analysts' decisions made before it replayed into it; a node seeds the store from its ModelPath
/// when the store holds none; with neither, the model Vigil ships.</summary>
public sealed class ModelAcrossNodesTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task AModelPublishedThroughOneNode_ScoresTheOthersNextComparison_WithEarlierDecisionsKept(string provider)
    {
        await using var store = await SharedStore.CreateAsync(provider);
        var ana = await store.CreateUserAsync(Roles.Analyst, "model-team");
        await using var a = store.Services();
        await using var b = store.SecondNodeServices();
        var finder = LinkageSamples.UniqueFinder();
        var first = await ImportAsync(a, ana.TeamId, [.. Enumerable.Range(0, 3).Select(i => LinkageSamples.Victim(finder, i * 21, $"Model Victim {i}"))]);
        var nodeB = b.GetRequiredService<LinkageEngine>();
        Assert.Equal(ModelStore.DefaultSha256, (await nodeB.ModelInUseAsync(default)).Sha256);

        // An analyst confirms the second death's pair on node A; node B's model learns it at its catch-up (ADR 1231).
        var pair = await WithDbAsync(a, db => db.Candidates().AsNoTracking().SingleAsync(c => c.NewerCaseId == first[1]));
        Assert.Equal(ModelStore.ShortId(ModelStore.DefaultSha256), StoredExplanation.Parse(pair.Explanation)!.Model);
        await using (var scope = a.CreateAsyncScope())
            Assert.Null(await scope.ServiceProvider.GetRequiredService<LinkDecisions>().DecideAsync(pair.Id, true, "same finder", ana.Id, ana.UserName, default));
        var shipped = LinkageModel.Default();
        Assert.Equal(TruePairs(shipped) + 1, TruePairs(await nodeB.ModelAsync(default)));
        var sexBefore = await SexWeightAsync(b, nodeB, first[2], first[1]);

        // A new model through node A: the shipped one with every u of the sex comparison halved, so that comparison's
        // weight is ln 2 more at every level of every table (m, which a confirmation moves, is as shipped).
        var published = HalvedSexU();
        var row = await ModelCommand.PublishAsync(a, "halved.json", published.ToJson(), "test", default);

        // Node B's next comparisons (two deaths of another finder imported through it: a pair) score with the new model.
        var other = LinkageSamples.UniqueFinder();
        var next = await ImportAsync(b, ana.TeamId, [.. Enumerable.Range(0, 2).Select(i => LinkageSamples.Victim(other, i * 21, $"Model Victim {i + 3}"))]);
        Assert.Equal(row.Sha256, (await nodeB.ModelInUseAsync(default)).Sha256);
        var alert = await WithDbAsync(b, db => db.Candidates().AsNoTracking().SingleAsync(c => c.NewerCaseId == next[1]));
        Assert.Equal(ModelStore.ShortId(row.Sha256), StoredExplanation.Parse(alert.Explanation)!.Model);
        Assert.Equal(sexBefore + Math.Log(2), await SexWeightAsync(b, nodeB, first[2], first[1]), 9);
        // The confirmation made under the old model is in the new one, as it would be after a restart.
        var inUse = await nodeB.ModelAsync(default);
        Assert.Equal(TruePairs(published) + 1, TruePairs(inUse));
        Assert.Equal(published.Tables.Select(t => t.U), inUse.Tables.Select(t => t.U));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ANodeWithAModelPath_SeedsAStoreThatHasNone_AndAnotherNodeWithoutOneTakesIt(string provider)
    {
        await using var store = await SharedStore.CreateAsync(provider);
        var file = Path.Combine(store.Folder, "force-model.json");
        var json = HalvedSexU().ToJson();
        await File.WriteAllTextAsync(file, json);
        await using var seeding = CliServices.Build(new Dictionary<string, string?>(store.Settings) { ["Vigil:Linkage:ModelPath"] = file });
        var seeded = await seeding.GetRequiredService<LinkageEngine>().ModelInUseAsync(default);
        Assert.Equal((ModelStore.Sha256Of(json), ModelStore.FromStore), (seeded.Sha256, seeded.Source));
        var rows = await WithDbAsync(seeding, db => db.Models().AsNoTracking().ToListAsync());
        Assert.Equal(ModelStore.Sha256Of(json), Assert.Single(rows).Sha256);
        Assert.Contains("ModelPath", rows[0].PublishedBy, StringComparison.Ordinal);
        Assert.Equal(1, await WithDbAsync(seeding, db => db.AuditEntries.CountAsync(e => e.EntityType == nameof(PublishedModel))));

        await using var other = store.SecondNodeServices();
        Assert.Equal(ModelStore.Sha256Of(json), (await other.GetRequiredService<LinkageEngine>().ModelInUseAsync(default)).Sha256);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ANodeWithNeitherAStoredModelNorAModelPath_ScoresWithTheShippedModel_AndWritesNone(string provider)
    {
        await using var store = await SharedStore.CreateAsync(provider);
        await using var node = store.Services();
        var inUse = await node.GetRequiredService<LinkageEngine>().ModelInUseAsync(default);
        Assert.Equal((ModelStore.DefaultSha256, ModelStore.BuiltIn), (inUse.Sha256, inUse.Source));
        Assert.Equal(ModelStore.Sha256Of(LinkageModel.DefaultJson()), inUse.Sha256);
        Assert.Equal(0, await WithDbAsync(node, db => db.Models().CountAsync()));
    }

    /// <summary>Two `vigil serve` processes with nothing to compare: each takes a model published through the CLI at its
    /// worker's next round, and says so on /health/ready, where an operator checks that every node agrees.</summary>
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task IdleNodes_TakeAPublishedModel_AndReportItOnTheReadyProbe(string provider)
    {
        await using var store = await SharedStore.CreateAsync(provider);
        await using var one = await VigilNode.StartAsync(store);
        await using var two = await VigilNode.StartAsync(store);
        var shipped = ModelStore.ShortId(ModelStore.DefaultSha256);
        foreach (var node in new[] { one, two }) await ReportsAsync(node, shipped);

        await using var cli = store.Services();
        var row = await ModelCommand.PublishAsync(cli, "halved.json", HalvedSexU().ToJson(), "rolled out", default);
        foreach (var node in new[] { one, two }) await ReportsAsync(node, ModelStore.ShortId(row.Sha256));
    }

    /// <summary>Waits (a deadline, not a sleep) until the node's ready probe names <paramref name="model"/>.</summary>
    private static async Task ReportsAsync(VigilNode node, string model)
    {
        using var http = node.Client();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        string? seen = null;
        while (DateTime.UtcNow < deadline)
        {
            using var body = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/health/ready"));
            seen = body.RootElement.GetProperty("linkage_model").GetString();
            if (seen == model) return;
            await Task.Delay(100);
        }
        Assert.Fail($"{node.BaseUrl} still reports linkage model {seen ?? "(none)"}, not {model}\n{node.Log()}");
    }

    /// <summary>The shipped model with the sex comparison's u probabilities halved in every table.</summary>
    internal static LinkageModel HalvedSexU()
    {
        var model = LinkageModel.Default();
        foreach (var t in model.Tables) t.U[(int)Comparison.Sex] = [.. t.U[(int)Comparison.Sex].Select(u => u / 2)];
        model.ComputeWeights();
        return model;
    }

    private static int TruePairs(LinkageModel model) => model.Tables.Sum(t => t.TruePairs);

    private static async Task<double> SexWeightAsync(ServiceProvider node, LinkageEngine engine, Guid newer, Guid earlier)
    {
        var cases = await WithDbAsync(node, db => LinkageStore.WithFacts(db, [newer, earlier]).ToListAsync());
        var explanation = await engine.ExplainAsync(cases.Single(c => c.Id == newer), cases.Single(c => c.Id == earlier), default);
        return explanation.Items.Single(i => i.Comparison == Comparison.Sex).Weight;
    }

    private static async Task<List<Guid>> ImportAsync(ServiceProvider node, Guid team, DeathRecord[] records)
    {
        var summary = await node.GetRequiredService<ImportService>().ImportAsync(LinkageOutboxTests.Lines(records), new ImportOptions(team, "model"), null, default);
        Assert.Equal(records.Length, summary.Created);
        var refs = records.Select(r => r.Ref).ToList();
        return await WithDbAsync(node, async db =>
            (await db.Cases.AsNoTracking().Where(c => refs.Contains(c.SourceRef)).Select(c => new { c.Id, c.SourceRef }).ToListAsync())
                .OrderBy(c => refs.IndexOf(c.SourceRef)).Select(c => c.Id).ToList());
    }

    private static async Task<T> WithDbAsync<T>(ServiceProvider node, Func<VigilDbContext, Task<T>> query)
    {
        await using var scope = node.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<VigilDbContext>());
    }
}
