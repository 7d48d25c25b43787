using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Web.Features.Audit;
using Vigil.Web.Features.Linkage.Outbox;
using Vigil.Web.Features.Family.Portal;
using Vigil.Web.Features.Notifications.DueEvents;
using Vigil.Web.Tests.Hosting;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Linkage.Outbox;

/// <summary>What the linkage worker sends to the store to compare one edited case, warm (round 48). Under 50 users the
/// worker ran 4,562 batches of 2.9 queued saves each in 10 minutes (round 48): a batch's fixed statements (the pending
/// count, the lease, the index's catch-up, the read, the alerts' transaction) are paid per batch, not per death, so a
/// batch that starts sending more fails here first, as a route does in <see cref="StatementBudgetTests"/>.</summary>
public abstract class WorkerBatchStatementBudgetTests(Func<Action<IServiceCollection>, VigilAppFactory> newApp) : IAsyncLifetime
{
    private readonly VigilAppFactory app = newApp(services =>
    {
        StatementCounter.Register(services);
        // Nothing else outside a request: the count is the test's own drain of the queue.
        BackgroundServices.Remove(services, typeof(LinkageWorkerService), typeof(TreeHeadSigning), typeof(DueEventSweep), typeof(LegacyUploadAdoption));
        // The case it creates stays queued for the test's own drain, as it did after the wait.
        BackgroundServices.NoWaitForAnIndexNobodyBuilds(services);
    });

    /// <summary>(statements, round trips) of one drain that compares one edited case.</summary>
    protected abstract (int Statements, int RoundTrips) Budget { get; }

    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task ComparingOneEditedCase_StaysWithinItsStatementBudget()
    {
        var investigator = await app.CreateUserAsync("investigator");
        var c = await app.CreateCaseAsync(investigator);
        using var api = app.ApiClient(investigator);
        var worker = app.Services.GetRequiredService<LinkageWorker>();
        var counter = app.Services.GetRequiredService<StatementCounter>();
        // Twice uncounted: the index's build and the first compilations are not a day's work.
        for (var i = 0; i < 2; i++)
        {
            (await api.SendAsync(await LoadRoutes.PutAsync(api, c.Id, LoadRoutes.MovePlace))).EnsureSuccessStatusCode();
            await worker.CaughtUpAsync(null, default);
        }
        // A fact linkage reads: a narrative alone is not queued (ADR 3205).
        (await api.SendAsync(await LoadRoutes.PutAsync(api, c.Id, LoadRoutes.MovePlace))).EnsureSuccessStatusCode();

        counter.Start(outside: true);
        await worker.CaughtUpAsync(null, default);
        var counted = counter.Stop();

        Assert.Equal(0, await worker.PendingAsync(default));
        var sent = string.Join("\n  ", counted.Sent.Select(s => s.ReplaceLineEndings(" ")[..Math.Min(160, s.Length)]));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{app.Provider}: {counted.Statements} statements, {counted.RoundTrips} round trips\n  {sent}"));
        Assert.Empty(counted.Compiled);
        // Far fewer than the budget means the counter stopped seeing the worker, not a saving.
        Assert.InRange(counted.Statements, Budget.Statements / 2, Budget.Statements);
        Assert.True(counted.RoundTrips <= Budget.RoundTrips, $"{counted.RoundTrips} round trips, budget {Budget.RoundTrips}:\n  {sent}");
    }
}

/// <summary>Round 48's count: the pending count (twice: before and after), the lease and its release, the rows, the case
/// read (3), the index's catch-up (5), the undecided pairs, and the transaction (BEGIN, the analysts' queue lock, the
/// last done mark, the mark, COMMIT).</summary>
public sealed class WorkerBatchStatementBudgetTests_Postgres() : WorkerBatchStatementBudgetTests(changes => new PostgresApp { ServiceChanges = changes })
{
    protected override (int, int) Budget => (19, 18);
}

/// <summary>As PostgreSQL's, without the lease and the lock (SQLite has one writer).</summary>
public sealed class WorkerBatchStatementBudgetTests_Sqlite() : WorkerBatchStatementBudgetTests(changes => new SqliteApp { ServiceChanges = changes })
{
    protected override (int, int) Budget => (16, 15);
}
