using System.Diagnostics;

namespace Vigil.Web.Features.Linkage.Outbox;

/// <summary>The web node's linkage worker (ADR 1231): builds the linkage index and drains the outbox at start-up, when a save on this node signals,
/// and at a short interval (rows queued by another node or a CLI import, rows a failed drain left). Failures are
/// logged and retried after a growing pause; they never stop the node.</summary>
internal sealed partial class LinkageWorkerService(LinkageWorker worker, LinkageEngine engine, IOptions<LinkageSettings> options, ILogger<LinkageWorkerService> log) : BackgroundService
{
    private static readonly TimeSpan LongestPause = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled) return;
        var failures = 0;
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                // The index is built here, as the node starts, rather than inside the first officer's save (ADR 1594).
                if (!await engine.ReadyAsync(TimeSpan.Zero, stoppingToken)) await engine.WarmAsync(stoppingToken);
                await worker.DrainAsync(stoppingToken);
                // A model published since the last round is taken now, even by a node with nothing to compare (ADR 3153).
                await engine.FollowModelAsync(stoppingToken);
                failures = 0;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failures++;
                DrainFailed(log, failures, ex);
            }
            var pause = failures == 0 ? settings.WorkerInterval
                : TimeSpan.FromTicks(Math.Min(LongestPause.Ticks, settings.WorkerInterval.Ticks << Math.Min(failures, 10)));
            try
            {
                await worker.WaitForWorkAsync(pause, stoppingToken);
                // Saves that signal faster than the spacing are gathered into the next drain (ADR 1628): under 50 officers'
                // edits the worker ran a batch, its catch-up and its lease for nearly every save.
                var early = settings.WorkerSpacing - Stopwatch.GetElapsedTime(started);
                if (early > TimeSpan.Zero) await Task.Delay(early, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "linkage worker: drain failed ({Failures} in a row); retrying")]
    private static partial void DrainFailed(ILogger logger, int failures, Exception ex);
}
