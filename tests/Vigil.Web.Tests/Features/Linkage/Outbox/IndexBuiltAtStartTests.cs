using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Identity;
using Vigil.Data.Linkage;
using Vigil.Web.Features.Linkage;
using Vigil.Web.Features.Linkage.Outbox;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Linkage.Outbox;

/// <summary>The linkage index is built by the node's worker as the node starts, never inside an officer's save
/// (ADR 1594): building it reads every compared case, and under 50 users each node's first save timed out doing so.
/// The node here compares inline without waiting (the production default) and its worker wakes only when signalled.</summary>
public abstract class IndexBuiltAtStartTests(Func<IReadOnlyDictionary<string, string>, VigilAppFactory> create)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>A fresh app, disposed (database dropped) however the test ends.</summary>
    private async Task WithAppAsync(Func<VigilAppFactory, Task> test)
    {
        var app = create(new Dictionary<string, string>
        {
            ["Vigil:Linkage:InlineWait"] = "00:00:00",
            ["Vigil:Linkage:WorkerInterval"] = "01:00:00",
        });
        await app.InitializeAsync();
        try { await test(app); }
        finally { await app.DisposeAsync(); }
    }

    [Fact]
    public Task TheNodeBuildsItsIndex_BeforeAnyRequest() => WithAppAsync(async app =>
    {
        var engine = app.Services.GetRequiredService<LinkageEngine>(); // starts the host, and with it the worker

        Assert.True(await engine.ReadyAsync(Patience, default));
    });

    [Fact]
    public Task ASaveWhileTheIndexIsNotBuilt_LeavesItsCaseToTheWorker_WhichBuildsAndCompares() => WithAppAsync(async app =>
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var engine = app.Services.GetRequiredService<LinkageEngine>();
        var worker = app.Services.GetRequiredService<LinkageWorker>();
        var saved = await app.CreateCaseAsync(ivy);
        Assert.True(await engine.ReadyAsync(Patience, default));
        // Saved before the start-up build finished, the case was left to the worker, which may still be comparing it.
        worker.Signal();
        await NothingPendingAsync(worker);
        // The index is dropped (as after a failed batch) and a save of the case is committed.
        await engine.ResetAsync();
        await app.WithDbAsync(db =>
        {
            db.Outbox().Add(new LinkageOutboxRow { CaseId = saved.Id, FoundAt = DateTime.UtcNow, EnqueuedAt = DateTime.UtcNow });
            return db.SaveChangesAsync();
        });

        var comparedInline = await worker.DrainForAsync([saved.Id], default);

        Assert.False(comparedInline, "the save compared its case, building the index inside the request");
        Assert.False(await engine.ReadyAsync(TimeSpan.Zero, default), "the save built the index");
        Assert.Equal(1, await worker.PendingAsync(default));
        worker.Signal(); // as the save's hook does when it leaves its case
        Assert.True(await engine.ReadyAsync(Patience, default));
        await NothingPendingAsync(worker);
        await app.WithDbAsync(async db => Assert.NotNull((await db.Outbox().Where(o => o.CaseId == saved.Id).OrderBy(o => o.EnqueuedAt).LastAsync()).DoneAt));
    });

    private static async Task NothingPendingAsync(LinkageWorker worker)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (await worker.PendingAsync(default) > 0 && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.Equal(0, await worker.PendingAsync(default));
    }
}

public sealed class IndexBuiltAtStartTests_Sqlite() : IndexBuiltAtStartTests(s => new SqliteApp { Settings = s });

public sealed class IndexBuiltAtStartTests_Postgres() : IndexBuiltAtStartTests(s => new PostgresApp { Settings = s });
