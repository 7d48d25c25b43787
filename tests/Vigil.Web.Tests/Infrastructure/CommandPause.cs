using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

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

    public void Arm() => on = true;

    public void Release() => release.TrySetResult();

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
