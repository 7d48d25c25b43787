using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Vigil.Data.Identity;
using Vigil.Data.Linkage;
using Vigil.Web.Features.Linkage;
using Vigil.Web.Features.Linkage.Outbox;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Linkage.Outbox;

/// <summary>The linkage index is built by the node's worker as the node starts, never inside an officer's save
/// (ADR 1594): building it reads every compared case, and under 50 users each node's first save timed out doing so.
/// The node here compares inline without waiting (the production default) and its worker wakes only when signalled.</summary>
public abstract class IndexBuiltAtStartTests(Func<IReadOnlyDictionary<string, string>, Action<IServiceCollection>?, VigilAppFactory> create)
{
    // A bound for a worker that never builds or drains, not a measure: a fresh node's start, index build and first batch
    // on a loaded 2-core machine beside other collections could come near 30 s.
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    /// <summary>A fresh app, disposed (database dropped) however the test ends; <paramref name="withWorker"/> false
    /// leaves the background worker out, for the test to start when the scene is set (it would otherwise build the
    /// index whenever it woke, racing the test).</summary>
    private async Task WithAppAsync(bool withWorker, Func<VigilAppFactory, Task> test)
    {
        var app = create(new Dictionary<string, string>
        {
            ["Vigil:Linkage:InlineWait"] = "00:00:00",
            ["Vigil:Linkage:WorkerInterval"] = "01:00:00",
        }, withWorker ? null : BackgroundServices.WithoutLinkageWorker);
        await app.InitializeAsync();
        try { await test(app); }
        finally { await app.DisposeAsync(); }
    }


    [Fact]
    public Task TheNodeBuildsItsIndex_BeforeAnyRequest() => WithAppAsync(withWorker: true, async app =>
    {
        var engine = app.Services.GetRequiredService<LinkageEngine>(); // starts the host, and with it the worker

        Assert.True(await engine.ReadyAsync(Patience, default));
    });

    [Fact]
    public Task ASaveWhileTheIndexIsNotBuilt_LeavesItsCaseToTheWorker_WhichBuildsAndCompares() => WithAppAsync(withWorker: false, async app =>
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var engine = app.Services.GetRequiredService<LinkageEngine>();
        var worker = app.Services.GetRequiredService<LinkageWorker>();

        var saved = await app.CreateCaseAsync(ivy);

        Assert.False(await engine.ReadyAsync(TimeSpan.Zero, default), "the save built the index");
        Assert.Equal(1, await worker.PendingAsync(default));
        using var service = ActivatorUtilities.CreateInstance<LinkageWorkerService>(app.Services);
        await service.StartAsync(default);
        try
        {
            Assert.True(await engine.ReadyAsync(Patience, default));
            await NothingPendingAsync(worker);
            await app.WithDbAsync(async db => Assert.NotNull((await db.Outbox().SingleAsync(o => o.CaseId == saved.Id)).DoneAt));
        }
        finally
        {
            await service.StopAsync(default);
        }
    });

    private static async Task NothingPendingAsync(LinkageWorker worker)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (await worker.PendingAsync(default) > 0 && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.Equal(0, await worker.PendingAsync(default));
    }
}

public sealed class IndexBuiltAtStartTests_Sqlite() : IndexBuiltAtStartTests((s, c) => new SqliteApp { Settings = s, ServiceChanges = c });

public sealed class IndexBuiltAtStartTests_Postgres() : IndexBuiltAtStartTests((s, c) => new PostgresApp { Settings = s, ServiceChanges = c });
