namespace Vigil.Data.Audit;

/// <summary>One run of the audit trail's verification started from the web (ADR 3221): who started it, how far it has
/// got (written by the node running it, which any node's page reads), and what it found. Kept in the store so every node
/// shows the same run and result, and so a second reviewer joins the running verification instead of starting another.
/// Not audited as a row (its progress is rewritten every few seconds): starting a run, its result and every view of it
/// are audit events of their own. Not kept for ever (ADR 3231): a finishing run deletes the ended runs beyond the newest
/// hundred, except those that found a problem.</summary>
public class AuditVerificationRun : INotAudited
{
    public Guid Id { get; set; } = NewId.Version7();
    public string StartedBy { get; set; } = "";
    public DateTime StartedAt { get; set; }

    /// <summary>The node running it, and when that node last wrote its progress: a run whose node has not been heard
    /// from for <see cref="StaleAfter"/> stopped unfinished (the node went away) and no longer holds the turn.</summary>
    public string Node { get; set; } = "";
    public DateTime HeartbeatAt { get; set; }

    /// <summary>Entries in the log when the run started (the progress bar's end), and entries verified so far.</summary>
    public long Total { get; set; }
    public long Checked { get; set; }

    /// <summary>Null while running; then one of the <see cref="Outcomes"/>.</summary>
    public string? Outcome { get; set; }
    public DateTime? FinishedAt { get; set; }

    public long? ProblemSequence { get; set; }
    public string? ProblemKind { get; set; }
    public string? Message { get; set; }
    public DateTime? FirstEntryAt { get; set; }
    public DateTime? LastEntryAt { get; set; }
    public long LastSequence { get; set; }
    public string? HeadHash { get; set; }
    public string? TreeRoot { get; set; }
    public int TreeNodesChecked { get; set; }
    public int TreeHeadsChecked { get; set; }
    public string Warnings { get; set; } = "";

    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(1);

    public bool IsRunning => Outcome is null;

    public static class Outcomes
    {
        public const string Intact = "intact";
        public const string Broken = "broken";
        /// <summary>The audit key is missing or is not the store's: nothing was verified, and it is not tampering.</summary>
        public const string KeyProblem = "key-problem";
        /// <summary>The run itself failed (the store went away, the node shut down); it says nothing of the trail.</summary>
        public const string Failed = "failed";
    }
}

internal sealed class AuditVerificationRunConfiguration : IEntityTypeConfiguration<AuditVerificationRun>
{
    public void Configure(EntityTypeBuilder<AuditVerificationRun> b)
    {
        b.HasMaxLength(200, r => r.Node);
        b.HasMaxLength(20, r => r.Outcome, r => r.ProblemKind);
        b.HasMaxLength(64, r => r.HeadHash, r => r.TreeRoot);
        b.HasIndex(r => r.StartedAt); // the newest run, and the newest finished one
    }
}
