using System.Threading.Channels;
using Vigil.Data.Audit;

namespace Vigil.Web.Features.Audit.Verification;

/// <summary>Runs the web's verifications of the audit trail on this node, one after another, off the request that
/// started them (ADR 3221): a store of millions of entries takes minutes, longer than a proxy waits. The verification is
/// the CLI's own (<see cref="AuditVerifier"/>, one implementation); this only writes its progress to the run's row every
/// <see cref="BeatEvery"/> (the heartbeat by which other nodes know it is alive) and its result at the end.</summary>
public sealed partial class AuditVerificationRunner(IServiceScopeFactory scopes, TimeProvider clock, ILogger<AuditVerificationRunner> log) : BackgroundService
{
    public const string Actor = "system:audit-verification";
    internal static readonly TimeSpan BeatEvery = TimeSpan.FromSeconds(2);

    private readonly Channel<Guid> queue = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });

    public static string NodeName => $"{Environment.MachineName}:{Environment.ProcessId}";

    public void Enqueue(Guid run) => queue.Writer.TryWrite(run);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var run in queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await RunAsync(run, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // .NET stops the whole host when a background service throws: a failed run must not take the node down.
                RunFailed(log, ex, run);
            }
        }
    }

    internal async Task RunAsync(Guid id, CancellationToken ct)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        long verified = 0;
        using var stopBeat = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var beat = BeatAsync(id, () => Interlocked.Read(ref verified), stopBeat.Token);
        AuditVerification? result = null;
        string? failure = null;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            result = await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync(n => Interlocked.Exchange(ref verified, n), ct);
        }
        catch (Exception ex)
        {
            failure = ct.IsCancellationRequested ? "the node shut down before the verification finished; start it again" : $"the verification could not finish: {ex.Message}";
            if (!ct.IsCancellationRequested) RunFailed(log, ex, id);
        }
        finally
        {
            await stopBeat.CancelAsync();
            await beat;
        }
        await FinishAsync(id, result, failure, watch.Elapsed);
    }

    private async Task BeatAsync(Guid id, Func<long> verified, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
            while (true)
            {
                await Task.Delay(BeatEvery, ct);
                var n = verified();
                var now = clock.GetUtcNow().UtcDateTime;
                await db.Set<AuditVerificationRun>().Where(r => r.Id == id)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.Checked, n).SetProperty(r => r.HeartbeatAt, now), ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // the verification ended
        }
        catch (Exception ex)
        {
            // A missed beat only makes the run look stopped to other nodes after a minute; the result is still written.
            BeatFailed(log, ex, id);
        }
    }

    /// <summary>Writes what the run found and chains it into the trail as an event of its own, so the result a reviewer
    /// relies on is itself tamper-evident; in the same transaction, the runs beyond the retention are deleted (ADR 3231),
    /// their number in the event. Not on the stopping token: a node shutting down still records that it stopped.</summary>
    private async Task FinishAsync(Guid id, AuditVerification? result, string? failure, TimeSpan took)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
        db.ActAs(Actor);
        await using var tx = await db.Database.BeginTransactionAsync(CancellationToken.None);
        var now = clock.GetUtcNow().UtcDateTime;
        // Before the save: the save takes the chain's lock, which is held to the commit and should cover no more.
        var pruned = await AuditVerificationRetention.PruneAsync(db, id, now, CancellationToken.None);
        var run = await db.Set<AuditVerificationRun>().SingleAsync(r => r.Id == id, CancellationToken.None);
        AuditVerificationOutcome.Apply(run, result, failure, now);
        db.RecordEvent("verified", AuditVerificationRuns.EntityType, id.ToString(), null, JsonSerializer.Serialize(new
        {
            outcome = run.Outcome, entries = run.Checked, problem_entry = run.ProblemSequence, problem = run.ProblemKind,
            started_by = run.StartedBy, seconds = Math.Round(took.TotalSeconds, 1), runs_pruned = pruned,
        }));
        await db.SaveChangesAsync(CancellationToken.None);
        await tx.CommitAsync(CancellationToken.None);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "the audit verification {Run} failed")]
    private static partial void RunFailed(ILogger logger, Exception ex, Guid run);

    [LoggerMessage(Level = LogLevel.Warning, Message = "the audit verification {Run} could not write its progress")]
    private static partial void BeatFailed(ILogger logger, Exception ex, Guid run);
}
