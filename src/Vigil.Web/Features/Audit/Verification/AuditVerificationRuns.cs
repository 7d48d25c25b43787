using Vigil.Data.Audit;

namespace Vigil.Web.Features.Audit.Verification;

/// <summary>The web verifications of the audit trail kept in the store (ADR 3221): at most one running across the nodes
/// at a time; a reviewer who asks while one runs joins it. Every start (or join) is an audit event.</summary>
public sealed class AuditVerificationRuns(VigilDbContext db, TimeProvider clock)
{
    public const string EntityType = "AuditVerification";

    private DbSet<AuditVerificationRun> Runs => db.Set<AuditVerificationRun>();

    /// <summary>The newest run, whatever its state (a run whose node went away shows as stopped unfinished).</summary>
    public Task<AuditVerificationRun?> NewestAsync(CancellationToken ct) =>
        Runs.AsNoTracking().OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id).FirstOrDefaultAsync(ct);

    /// <summary>The newest run that finished, with what it found.</summary>
    public Task<AuditVerificationRun?> LastFinishedAsync(CancellationToken ct) =>
        Runs.AsNoTracking().Where(r => r.Outcome != null).OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id).FirstOrDefaultAsync(ct);

    public Task<AuditVerificationRun?> FindAsync(Guid id, CancellationToken ct) => Runs.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);

    /// <summary>A run still working: unfinished, and its node heard from within <see cref="AuditVerificationRun.StaleAfter"/>.</summary>
    public bool IsLive(AuditVerificationRun run) => run.IsRunning && run.HeartbeatAt > clock.GetUtcNow().UtcDateTime - AuditVerificationRun.StaleAfter;

    /// <summary>Starts a run on this node, or joins the one running (Started false); either way the request is audited.
    /// Under the start's lock (a transaction on SQLite), so two reviewers asking at once never start two runs.</summary>
    public async Task<(AuditVerificationRun Run, bool Started)> StartAsync(string startedBy, string node, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await StoreLocks.AuditVerificationAsync(db, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var live = now - AuditVerificationRun.StaleAfter;
        var running = await Runs.AsNoTracking().Where(r => r.Outcome == null && r.HeartbeatAt > live)
            .OrderByDescending(r => r.StartedAt).FirstOrDefaultAsync(ct);
        var run = running ?? new AuditVerificationRun
        {
            StartedBy = startedBy, StartedAt = now, HeartbeatAt = now, Node = node,
            Total = await db.AuditEntries.MaxAsync(e => (long?)e.Sequence, ct) ?? 0,
        };
        if (running is null) Runs.Add(run);
        db.RecordEvent(running is null ? "start" : "join", EntityType, run.Id.ToString(), null,
            JsonSerializer.Serialize(new { entries = run.Total, node = run.Node, started_by = run.StartedBy }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (run, running is null);
    }
}
