namespace Vigil.Data.Audit;

/// <summary>Heads of commits that a power cut could still take back: an import's batches on SQLite, committed without
/// syncing the log (ADR 1611). The head file may name only entries a crash cannot undo, or `audit verify` would report
/// a deletion that never happened (ADR 0801); so the heads wait here, and the newest is written once the log is synced.</summary>
public sealed class HeldAuditHead
{
    private AuditHead? newest;
    private readonly Lock gate = new();

    public AuditHead? Newest
    {
        get { lock (gate) return newest; }
    }

    public void Hold(AuditHead head)
    {
        lock (gate)
            if (newest is null || head.Count > newest.Count) newest = head;
    }

    /// <summary>This head has been written to the head file: no longer held, unless a newer one came meanwhile.</summary>
    public void Written(AuditHead head)
    {
        lock (gate)
            if (newest is not null && newest.Count <= head.Count) newest = null;
    }
}
