using Vigil.Data.Audit.Tree;

namespace Vigil.Web.Features.Audit;

/// <summary>Signs a tree head at intervals when the log has grown (ADR 0802): the in-database record of what the log
/// held, which `audit verify` holds the entries against. Checkpoints for outsiders are exported on demand.</summary>
internal sealed partial class TreeHeadSigning(IServiceScopeFactory scopes, IOptions<VigilSettings> options, TimeProvider clock, ILogger<TreeHeadSigning> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.AuditTreeHeadMinutes <= 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(settings.AuditTreeHeadMinutes), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SignOnceAsync(scopes, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Not fatal to the web app, but loud: an unsigned log is weaker evidence, and a gap is tampering. Any
                // failure, not only those foreseen: .NET stops the whole host when a background service throws.
                SigningFailed(log, ex);
            }
        }
    }

    /// <summary>One tick: signs a head unless another node is signing now (ADR 1602), which is as good — the head it
    /// signs covers the same log. False when it left the turn to that node.</summary>
    internal static async Task<bool> SignOnceAsync(IServiceScopeFactory scopes, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
        var (held, _) = await StoreLocks.WhileHoldingAsync(db, StoreLocks.TreeHeadSignerKey, async () =>
        {
            await scope.ServiceProvider.GetRequiredService<AuditTreeHeads>().SignAsync(ct);
            return true;
        }, ct);
        return held;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "signing an audit tree head failed")]
    private static partial void SigningFailed(ILogger logger, Exception ex);
}
