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

/// <summary>The worker reads its next batch while the current one is scored (ADR 2601). What was read ahead is used
/// only when it is what the batch would read at its turn: the same rows, the same case versions, no other comparison
/// in between; and a catch-up that uses it finds exactly what one without it finds.</summary>
public sealed class ReadAheadTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task CatchUp_UsesTheReadAhead_AndFindsWhatCaseAtATimeFinds(string provider)
    {
        var records = CatchUpFindings.InterleavedSeries(4, 19, "Ahead Victim", 5);

        var oneByOne = await CatchUpFindings.LinkAsync(provider, records, batchSize: 1);
        var batched = await CatchUpFindings.LinkAsync(provider, records, batchSize: 4);
        Assert.NotEmpty(oneByOne.Pairs);
        Assert.Equal(oneByOne.Pairs, batched.Pairs);
        Assert.Equal(oneByOne.Members, batched.Members);
        // Twelve rows in batches of four: the first batch read in its turn, the second and third read ahead.
        Assert.Equal(8, batched.CasesReadAhead);
        Assert.Equal(4, batched.CasesReadInTurn);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ReadAhead_IsRefused_WhenACaseChangedOrTheRowsMoved(string provider)
    {
        await using var store = await SharedStore.CreateAsync(provider);
        var ivy = await store.CreateUserAsync(Roles.Investigator, "read-ahead-team");
        await using var services = CliServices.Build(store.Settings);
        var records = Enumerable.Range(0, 6).Select(i => LinkageSamples.Victim(LinkageSamples.UniqueFinder(), i * 5, $"Ahead Read {i}")).ToArray();
        await services.GetRequiredService<ImportService>().ImportAsync(LinkageOutboxTests.Lines(records),
            new ImportOptions(ivy.TeamId, "read-ahead", WaitForLinkage: false), null, default);
        var scopes = services.GetRequiredService<IServiceScopeFactory>();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
        var ours = await db.Cases.Where(c => c.Source == "read-ahead").Select(c => c.Id).ToListAsync();
        Assert.Equal(records.Length, ours.Count);
        // The batch after a first batch of one: rows 2-4 in the worker's order.
        var rows = await LinkageWorker.PendingInOrder(db, 5).Select(o => new { o.Id, o.CaseId }).ToListAsync();
        Assert.Equal(records.Length, rows.Count);
        var pending = rows.Select(r => r.CaseId).ToList();
        var next = pending.Skip(1).Take(3).ToList();
        List<Guid> first = [rows[0].Id];

        var read = await BatchReadAhead.Start(scopes, first, 3, 5, 41, default).TakeAsync(db, next, default);
        Assert.Equal(next.Order(), read.Cases.Select(c => c.Id).Order());
        Assert.Equal(41, read.UnversionedChanges);

        // Started only after the current batch's row was marked done (a loaded machine): it still reads the rows after it.
        await db.Set<LinkageOutboxRow>().Where(o => o.Id == rows[0].Id).ExecuteUpdateAsync(s => s.SetProperty(o => o.DoneAt, (DateTime?)DateTime.UtcNow));
        var late = await BatchReadAhead.Start(scopes, first, 3, 5, 0, default).TakeAsync(db, next, default);
        Assert.Equal(next.Order(), late.Cases.Select(c => c.Id).Order());
        await db.Set<LinkageOutboxRow>().Where(o => o.Id == rows[0].Id).ExecuteUpdateAsync(s => s.SetProperty(o => o.DoneAt, (DateTime?)null));

        // Only the cases asked for: one that was not read ahead is the batch's to read.
        var other = await BatchReadAhead.Start(scopes, first, 3, 5, 0, default).TakeAsync(db, [pending[0], next[0]], default);
        Assert.Equal(next[0], Assert.Single(other.Cases).Id);

        // A case saved after it was read (its version moves, as any save moves it, a classification too): not taken.
        var ahead = BatchReadAhead.Start(scopes, first, 3, 5, 0, default);
        // A deadline, not 400 tries of 25 ms: the read is a query on a scope of its own, which a loaded machine can hold past 10 s.
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!ahead.Finished && DateTime.UtcNow < deadline) await Task.Delay(25);
        Assert.True(ahead.Finished);
        var edited = next[^1];
        await db.Cases.Where(c => c.Id == edited).ExecuteUpdateAsync(s => s.SetProperty(c => c.Version, c => c.Version + 1));
        var taken = await ahead.TakeAsync(db, next, default);
        Assert.Equal(next.Take(2).Order(), taken.Cases.Select(c => c.Id).Order());
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ReadAhead_IsNotCompared_AfterAPersonMerge(string provider)
    {
        await using var store = await SharedStore.CreateAsync(provider);
        await using var services = CliServices.Build(store.Settings);
        var engine = services.GetRequiredService<LinkageEngine>();
        await engine.WarmAsync(default);
        var readAt = engine.UnversionedChanges;
        Assert.NotNull(await engine.CompareAsync([], readAt, default));
        Assert.Equal(readAt, engine.UnversionedChanges); // comparing is not such a change

        // A merge's listener notes the change before it reads the cases it moved.
        await using var scope = services.CreateAsyncScope();
        var listener = scope.ServiceProvider.GetServices<Vigil.Web.Features.People.IPeopleChangeListener>().OfType<PeopleChangeLinkage>().Single();
        await listener.AfterPeopleChangedAsync(
            new Vigil.Web.Features.People.PeopleChanged("merge", Guid.NewGuid(), Guid.NewGuid(), [Guid.NewGuid()]), default);
        Assert.Equal(readAt + 1, engine.UnversionedChanges);
        Assert.Null(await engine.CompareAsync([], readAt, default));
        Assert.NotNull(await engine.CompareAsync([], readAt + 1, default));
    }
}
