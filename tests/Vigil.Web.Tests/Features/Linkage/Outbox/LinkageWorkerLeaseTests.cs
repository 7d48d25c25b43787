using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Data.Linkage;
using Vigil.Records;
using Vigil.Web.Cli;
using Vigil.Web.Features.Import;
using Vigil.Web.Features.Linkage;
using Vigil.Web.Features.Linkage.Outbox;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Linkage.Outbox;

/// <summary>The outbox across processes (ADR 1231): one worker at a time on one PostgreSQL (the session lease), two
/// racing workers never compare a row twice, and a node started after an import that did not wait (or after a crash)
/// resumes the queue.</summary>
public sealed class LinkageWorkerLeaseTests
{
    [Fact]
    public async Task WhileAnotherSessionHoldsTheLease_TheWorkerLeavesTheQueue_ThenDrainsItOnceFree()
    {
        await using var store = await SharedStore.CreateAsync("postgres");
        var ivy = await store.CreateUserAsync(Roles.Investigator, "lease-team");
        await using var services = store.Services();
        await ImportQueuedAsync(services, ivy.TeamId, Series(3));
        Assert.Equal(3, await PendingAsync(services));

        // Another node's worker, as far as this one can tell: a session holding the lease.
        await using var holder = services.CreateAsyncScope();
        var other = holder.ServiceProvider.GetRequiredService<VigilDbContext>();
        StoreLocks.UseSessionPool(other); // a session lock: on the pool that resets (ADR 2221)
        await other.Database.OpenConnectionAsync();
        Assert.True(await StoreLocks.TryLinkageWorkerAsync(other, default));
        var worker = services.GetRequiredService<LinkageWorker>();
        Assert.False(await worker.DrainAsync(default));
        Assert.Equal(3, await PendingAsync(services));

        await StoreLocks.ReleaseLinkageWorkerAsync(other, default);
        Assert.True(await worker.DrainAsync(default));
        Assert.Equal(0, await PendingAsync(services));
        Assert.Equal(2, await CandidatesAsync(services)); // the second death's pair, the third's candidate series
    }

    [Fact]
    public async Task TwoWorkersRacingOnOnePostgres_DoEveryRowOnce()
    {
        await using var store = await SharedStore.CreateAsync("postgres");
        var ivy = await store.CreateUserAsync(Roles.Investigator, "race-team");
        await using var a = store.Services();
        // A second process in all but name: its own engine, worker and in-process gate (another connection string).
        await using var b = CliServices.Build(new Dictionary<string, string?>(store.Settings) { ["Vigil:Database"] = store.Database + ";Application Name=second-node" });
        var records = SeriesApart(12);
        await ImportQueuedAsync(a, ivy.TeamId, records);
        Assert.Equal(records.Length, await PendingAsync(a));

        var wa = a.GetRequiredService<LinkageWorker>();
        var wb = b.GetRequiredService<LinkageWorker>();
        // Every drain and wait completes without a conflict: a row done twice would throw (its batch rolls back).
        await Task.WhenAll(wa.CaughtUpAsync(null, default), wb.CaughtUpAsync(null, default), wa.DrainAsync(default), wb.DrainAsync(default));
        Assert.Equal(0, await PendingAsync(a));
        await using var scope = a.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
        Assert.Equal(0, await db.Outbox().CountAsync(o => o.Attempts > 0));
        // Each series of three alerts as a series of three alone does, once (ADR 1231): a pair and a candidate series.
        Assert.Equal(12 * 2, await CandidatesAsync(a));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ANodeStartedAfterAnImportThatDidNotWait_ResumesTheQueue(string provider)
    {
        await using var store = await SharedStore.CreateAsync(provider);
        var ivy = await store.CreateUserAsync(Roles.Investigator, "resume-team");
        await using (var cli = store.Services())
        {
            // `vigil import --no-wait` with no node running: stored, queued, nothing compared (as after a crash mid-queue).
            await ImportQueuedAsync(cli, ivy.TeamId, Series(3));
            Assert.Equal(3, await PendingAsync(cli));
        }
        await using var node = await VigilNode.StartAsync(store);
        await using var services = store.Services();
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (await PendingAsync(services) > 0 && DateTime.UtcNow < deadline) await Task.Delay(250);
        Assert.True(await PendingAsync(services) == 0, "the node's worker drained the queue at start-up\n" + node.Log());
        Assert.Equal(2, await CandidatesAsync(services));
    }

    /// <summary>Three deaths of one series (one finder, one phone, three weeks apart): the second and third alert.</summary>
    internal static DeathRecord[] Series(int deaths)
    {
        var finder = LinkageSamples.UniqueFinder();
        return [.. Enumerable.Range(0, deaths).Select(i => LinkageSamples.Victim(finder, i * 21, $"Lease Victim {i}"))];
    }

    /// <summary>Series of three for a store of the test's own, each at its own spot (<see cref="LinkageSamples.Apart"/>):
    /// each alerts as it would alone, a pair and a candidate series, where random finders' days and places now and then
    /// put two series close enough to alert on each other's deaths (round 46).</summary>
    internal static DeathRecord[] SeriesApart(int series) => [.. Enumerable.Range(0, series).SelectMany(s =>
    {
        var finder = LinkageSamples.UniqueFinder();
        return Enumerable.Range(0, 3).Select(i => LinkageSamples.Victim(finder, i * 21, $"Lease Victim {s}-{i}", LinkageSamples.Apart(s)));
    })];

    internal static async Task ImportQueuedAsync(ServiceProvider services, Guid team, DeathRecord[] records)
    {
        var summary = await services.GetRequiredService<ImportService>().ImportAsync(LinkageOutboxTests.Lines(records),
            new ImportOptions(team, "lease", WaitForLinkage: false), null, default);
        Assert.Equal(records.Length, summary.Created);
    }

    internal static async Task<int> PendingAsync(ServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<VigilDbContext>().Outbox().CountAsync(o => o.DoneAt == null);
    }

    internal static async Task<int> CandidatesAsync(ServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
        return await db.Candidates().CountAsync() + await db.SeriesMembers().CountAsync(m => m.AddedBy == Vigil.Web.Features.Linkage.Alerts.AlertWriter.Engine) / 3;
    }
}
