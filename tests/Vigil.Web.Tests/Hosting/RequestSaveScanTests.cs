using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Hosting;

/// <summary>A request's save scans its tracked rows once for all the save interceptors and EF's write (ADR 1616): with
/// automatic detection on, every <c>ChangeTracker.Entries()</c> an interceptor read scanned them all again, nine scans a
/// save. Counted from the save interceptors on, for every write route vigil-load sends (the routes' own tests check
/// what they wrote; Features/Import/SaveScanTests that detection is on again after a save).</summary>
public abstract class RequestSaveScanTests(Func<Action<IServiceCollection>, VigilAppFactory> newApp) : IAsyncLifetime
{
    private readonly VigilAppFactory app = newApp(services => services.AddSingleton<IInterceptor, ScanCounter>());

    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task EachSave_ScansItsTrackedRowsAtMostOnceFromTheInterceptorsOn()
    {
        using var load = await LoadRoutes.PrepareAsync(app);
        var counter = app.Services.GetServices<IInterceptor>().OfType<ScanCounter>().Single();
        var seen = new List<string>();
        foreach (var (route, client, prepare) in load.Routes.Where(r => !r.Route.StartsWith("GET", StringComparison.Ordinal)))
        {
            counter.Saves.Clear();
            (await client.SendAsync(await prepare())).EnsureSuccessStatusCode();
            Assert.True(counter.Saves.Count > 0, $"{route}: no save seen");
            foreach (var save in counter.Saves)
            {
                seen.Add($"{route}: {save} scans");
                Assert.True(save <= 1, string.Join("\n", seen));
            }
        }
        Assert.Contains(seen, s => s.StartsWith("PUT", StringComparison.Ordinal));
    }

    /// <summary>Counts full change scans from its own place among the save interceptors to the save's end.</summary>
    private sealed class ScanCounter : SaveChangesInterceptor
    {
        private readonly ConcurrentDictionary<DbContext, int> open = new();
        public ConcurrentQueue<int> Saves { get; } = new();

        private void Scanned(object? sender, DetectChangesEventArgs e)
        {
            if (sender is ChangeTracker tracker) open.AddOrUpdate(tracker.Context, 1, (_, scans) => scans + 1);
        }

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            open[eventData.Context!] = 0;
            eventData.Context!.ChangeTracker.DetectingAllChanges += Scanned;
            return ValueTask.FromResult(result);
        }

        public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            eventData.Context!.ChangeTracker.DetectingAllChanges -= Scanned;
            if (open.TryRemove(eventData.Context, out var scans)) Saves.Enqueue(scans);
            return ValueTask.FromResult(result);
        }
    }
}

public sealed class RequestSaveScanTests_Postgres() : RequestSaveScanTests(changes => new PostgresApp { ServiceChanges = changes });

public sealed class RequestSaveScanTests_Sqlite() : RequestSaveScanTests(changes => new SqliteApp { ServiceChanges = changes });
