namespace Vigil.Web.Features.Notifications.DueEvents;

/// <summary>Every node's timer for due events (ADR 3152): each tick, the node that gets the sweep's lease raises what has
/// fallen due since anyone last looked; the others leave it that tick. The lease only saves repeated work: each event
/// notifies once because of the notices' unique key, even if two nodes sweep at once.</summary>
internal sealed partial class DueEventSweep(IServiceScopeFactory scopes, IOptions<DueEventOptions> options, TimeProvider clock, ILogger<DueEventSweep> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Interval <= TimeSpan.Zero) return;
        using var timer = new PeriodicTimer(options.Value.Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunOnceAsync(scopes, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The next tick tries again; nothing was half-raised (each page is one save). Any failure, not only the
                // store's: .NET stops the whole host when a background service throws, and a defect in the sweep must
                // not take the web node, and every officer on it, down with it (as the linkage worker, ADR 1193).
                SweepFailed(log, ex);
            }
        }
    }

    /// <summary>One sweep under the lease; null when another node is sweeping now (its sweep covers the same events).</summary>
    public static async Task<DueEventCounts?> RunOnceAsync(IServiceScopeFactory scopes, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
        return (await StoreLocks.WhileHoldingAsync(db, StoreLocks.DueEventSweepKey, () => scope.ServiceProvider.GetRequiredService<DueEventRaiser>().RaiseAsync(ct), ct)).Result;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "the due-event sweep failed; the next tick retries")]
    private static partial void SweepFailed(ILogger logger, Exception ex);
}
