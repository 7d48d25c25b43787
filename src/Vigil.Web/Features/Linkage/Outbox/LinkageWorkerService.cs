namespace Vigil.Web.Features.Linkage.Outbox;

/// <summary>The web node's linkage worker (ADR 1231): drains the outbox at start-up, when a save on this node signals,
/// and at a short interval (rows queued by another node or a CLI import, rows a failed drain left). Failures are
/// logged and retried after a growing pause; they never stop the node.</summary>
internal sealed partial class LinkageWorkerService(LinkageWorker worker, IOptions<LinkageSettings> options, ILogger<LinkageWorkerService> log) : BackgroundService
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
            try
            {
                await worker.DrainAsync(stoppingToken);
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
