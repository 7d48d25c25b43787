using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Hosting;

/// <summary>What each of vigil-load's routes costs the node in CPU and bytes, warm, one request at a time, with the
/// linkage worker and the tree-head signer stopped (req21, ADR 2563): the process's user+system time (<see cref="Environment.CpuUsage"/>,
/// microseconds on Linux) and <c>GC.GetTotalAllocatedBytes</c> summed over the requests' sends and answers, the
/// preparing reads (a PUT's read for its ETag) left out. A load run's CPU follows the shared machine's load; this
/// follows the build, so a cut in a route's CPU shows here first. Printed, not budgeted (speed is measured, not
/// asserted: ADR 0007); the test fails only if a route stops answering or the counters stop counting.
/// <c>VIGIL_ROUTE_CPU_REQUESTS</c> sets the requests per route (default 20), <c>VIGIL_ROUTE_CPU_LOG=FILE</c> writes the
/// table.</summary>
public abstract class RouteCpuTests(Func<Action<IServiceCollection>, VigilAppFactory> newApp) : IAsyncLifetime
{
    private readonly VigilAppFactory app = newApp(services =>
    {
        // The worker compares edited cases in the background and the signer ticks: their CPU would land in whichever
        // request it overlapped.
        BackgroundServices.Remove(services, typeof(Vigil.Web.Features.Linkage.Outbox.LinkageWorkerService), typeof(Vigil.Web.Features.Audit.TreeHeadSigning));
        BackgroundServices.NoWaitForAnIndexNobodyBuilds(services);
    });

    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task EveryLoadRoute_CpuAndBytesPerRequest()
    {
        var requests = int.TryParse(Environment.GetEnvironmentVariable("VIGIL_ROUTE_CPU_REQUESTS"), out var n) && n > 0 ? n : 20;
        using var load = await LoadRoutes.PrepareAsync(app);
        var table = new StringBuilder($"| route | CPU µs a request (mean of {requests}) | less idle | wall µs | KB allocated a request |\n|---|---|---|---|---|\n");
        var faults = new List<string>();
        // The process's own background (the pool's upkeep, the test host) a second, taken off each route's CPU pro rata.
        var idleStart = Environment.CpuUsage.TotalTime;
        await Task.Delay(TimeSpan.FromSeconds(3));
        var idlePerSecond = (Environment.CpuUsage.TotalTime - idleStart) / 3;
        foreach (var (route, client, prepare) in load.Routes)
        {
            // Uncounted first uses: compiled queries and views, the key ring, the first audit append.
            for (var i = 0; i < 3; i++) (await client.SendAsync(await prepare())).EnsureSuccessStatusCode();
            var cpu = TimeSpan.Zero;
            var wall = TimeSpan.Zero;
            long bytes = 0;
            for (var i = 0; i < requests; i++)
            {
                var request = await prepare();
                var usage = Environment.CpuUsage;
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                var allocated = GC.GetTotalAllocatedBytes(precise: false);
                using var response = await client.SendAsync(request);
                await response.Content.LoadIntoBufferAsync();
                bytes += GC.GetTotalAllocatedBytes(precise: false) - allocated;
                cpu += Environment.CpuUsage.TotalTime - usage.TotalTime;
                wall += System.Diagnostics.Stopwatch.GetElapsedTime(started);
                if (!response.IsSuccessStatusCode) faults.Add($"{route}: {(int)response.StatusCode}");
            }
            if (cpu <= TimeSpan.Zero || bytes <= 0) faults.Add($"{route}: {cpu.TotalMicroseconds} µs, {bytes} bytes: the counters counted nothing");
            var lessIdle = cpu - idlePerSecond * wall.TotalSeconds;
            table.Append(CultureInfo.InvariantCulture,
                $"| `{route}` | {cpu.TotalMicroseconds / requests:F0} | {lessIdle.TotalMicroseconds / requests:F0} | {wall.TotalMicroseconds / requests:F0} | {bytes / 1024.0 / requests:F0} |\n");
        }
        table.Append(CultureInfo.InvariantCulture, $"idle: {idlePerSecond.TotalMicroseconds:F0} µs CPU a second\n");
        Console.WriteLine($"{app.Provider}:\n{table}");
        if (Environment.GetEnvironmentVariable("VIGIL_ROUTE_CPU_LOG") is { Length: > 0 } log)
            await File.AppendAllTextAsync($"{log}.{app.Provider}", $"{DateTime.UtcNow:u}\n{table}\n");
        Assert.True(faults.Count == 0, string.Join("\n", faults));
    }
}

/// <summary>Alone: the process's CPU and bytes are counted, and a neighbour test would count its own in.</summary>
[Collection(Features.Linkage.ConsoleCollection.Name)]
public sealed class RouteCpuTests_Sqlite() : RouteCpuTests(changes => new SqliteApp { ServiceChanges = changes });

/// <summary>Alone, as the SQLite one.</summary>
[Collection(Features.Linkage.ConsoleCollection.Name)]
public sealed class RouteCpuTests_Postgres() : RouteCpuTests(changes => new PostgresApp { ServiceChanges = changes });
