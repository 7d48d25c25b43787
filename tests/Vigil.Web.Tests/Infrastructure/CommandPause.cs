using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Vigil.Web.Tests.Infrastructure;

/// <summary>A seam for fault drills, registered as an app's IInterceptor: the Nth command whose text matches waits, once
/// it has run (its statements sent and done inside whatever transaction is open), until the test lets it go — so the test
/// acts (ends a session, cuts the network) at a known point with no sleep. Counts only while armed.</summary>
public sealed class CommandPause(Func<string, bool> matches, int occurrence = 1, bool armed = true) : DbCommandInterceptor
{
    private readonly TaskCompletionSource reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int seen;
    private volatile bool on = armed;

    public Task Reached => reached.Task;

    /// <summary>An app of its own, started, whose SELECTs matching <paramref name="lastRead"/> (a race's late side's last read)
    /// are held by the returned pause once <see cref="RaceAsync"/> arms it.</summary>
    public static async Task<(VigilAppFactory App, CommandPause Pause)> AppAsync(Func<Action<IServiceCollection>, VigilAppFactory> newApp,
        Func<string, bool> lastRead)
    {
        var pause = new CommandPause(sql => sql.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase) && lastRead(sql), armed: false);
        var app = newApp(s => s.AddSingleton<IInterceptor>(pause));
        await app.InitializeAsync();
        return (app, pause);
    }

    public void Arm() => on = true;

    public void Release() => release.TrySetResult();

    /// <summary>A true race, lost by <paramref name="late"/>: it runs until it is held here (its last read done), then
    /// <paramref name="first"/> runs to its end, then the late one goes on. Returns both answers.</summary>
    /// <param name="firstWaitsAtMost">For a race a lock decides (ADR 3258): the late one, held, may hold the lock the first
    /// then waits for, so the first runs until it ends or this long has passed, and the late one goes on either way. What
    /// is asserted must not depend on which of the two happened.</param>
    public async Task<(HttpResponseMessage First, HttpResponseMessage Late)> RaceAsync(Func<Task<HttpResponseMessage>> late, Func<Task<HttpResponseMessage>> first,
        TimeSpan? firstWaitsAtMost = null)
    {
        Arm();
        var held = late();
        await Reached.WaitAsync(TimeSpan.FromSeconds(30));
        var running = first();
        await Task.WhenAny(running, Task.Delay(firstWaitsAtMost ?? Timeout.InfiniteTimeSpan));
        Release();
        return (await running, await held);
    }

    public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
        CancellationToken cancellationToken = default)
    {
        await PauseAsync(command);
        return result;
    }

    public override async ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        await PauseAsync(command);
        return result;
    }

    private async Task PauseAsync(DbCommand command)
    {
        if (!on || !matches(command.CommandText) || Interlocked.Increment(ref seen) != occurrence) return;
        reached.TrySetResult();
        await release.Task;
    }
}
