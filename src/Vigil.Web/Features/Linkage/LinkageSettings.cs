using Vigil.Linkage;

namespace Vigil.Web.Features.Linkage;

/// <summary>Linkage configuration ("Vigil:Linkage:…" or VIGIL__LINKAGE__…): thresholds are configuration, not code,
/// so a force can move its alert rate without a release.</summary>
public sealed class LinkageSettings
{
    public const string Section = "Vigil:Linkage";

    /// <summary>Compare every saved or imported case (off only for measurements and emergencies).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Alerts per 100 deaths the force accepts (pair, person, cluster and series alerts together): the
    /// threshold is the one that gave this rate on the model's training force.</summary>
    public double AlertBudget { get; set; } = new LinkageOptions().AlertBudget;

    /// <summary>A probability threshold overriding the budget (empty: from the budget).</summary>
    public double? AlertThreshold { get; set; } = new LinkageOptions().AlertThreshold;

    /// <summary>A model file from `vigil train`; empty means the model Vigil ships (trained on London).</summary>
    public string? ModelPath { get; set; }

    /// <summary>Cases read per query while the in-memory index is built from the store.</summary>
    public int BuildPageSize { get; set; } = 2000;

    /// <summary>Outbox rows the background worker and an import's catch-up compare and commit together (ADR 1231,
    /// 1531): each batch reads the store once to catch the index up with other nodes and commits once, so larger
    /// batches cost a bulk catch-up less; a form save between two batches waits for at most one.</summary>
    public int WorkerBatchSize { get; set; } = 2000;

    /// <summary>Outbox rows per batch when a form or API save drains the queue head itself (at most
    /// <see cref="InlineBatches"/> of them): small, so a save behind an import answers quickly and leaves the rest
    /// (ADR 1592).</summary>
    public int InlineBatchSize { get; set; } = 100;

    /// <summary>How often the background worker looks for pending rows a save elsewhere left (another node, a CLI
    /// import, a failed drain); a save on this node wakes it at once.</summary>
    public TimeSpan WorkerInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Least time from the start of one background drain to the next (ADR 1628): signals that arrive sooner are
    /// gathered, so a busy node compares its officers' edits a few batches a second rather than one batch a save. An
    /// edit's alerts follow it by up to this much more; a new case from a form or the API is still compared inline,
    /// and an import's wait drains for itself.</summary>
    public TimeSpan WorkerSpacing { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Batches a form or API save drains itself, at most, before leaving its case to the background worker.</summary>
    public int InlineBatches { get; set; } = 1;

    /// <summary>How long a form or API save waits for this node's gate when another comparison holds it, before leaving
    /// its case to the worker. None by default (ADR 1592): under 50 officers' edits, saves queued behind one another's
    /// comparisons for seconds; the comparison in progress, or the worker it wakes, takes the case next.</summary>
    public TimeSpan InlineWait { get; set; } = TimeSpan.Zero;

    /// <summary>Earlier deaths an alert names with their explanation as scored, at most, the most probable first (ADR 1636).
    /// Every earlier death above the threshold is still named and raised (ADR 3175); those past this many are explained
    /// when their pair is opened. London's most was 11.</summary>
    public int MaxExplainedPerAlert { get; set; } = 25;

    /// <summary>Failed attempts after which an outbox row is parked (ADR 1193): left out of the queue so the deaths
    /// behind it are compared, shown on its case page and listed by `vigil outbox` until an operator retries it.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Threads that score one death's candidates together, at most (ADR 2371); the worker runs on every web node,
    /// so a node that must keep a core for requests keeps 1. Default 1: two gained nothing on two cores (ADR 2371).</summary>
    public int Parallelism { get; set; } = new LinkageOptions().Parallelism;

    /// <summary>Live postings read per blocking key, newest first (ADR 3173); a batch whose walks it cut is a warning in
    /// the log (ADR 1640). Settable for tests and for a force whose commonest key is longer.</summary>
    public int MaxPostingsPerKey { get; set; } = new LinkageOptions().MaxPostingsPerKey;

    public LinkageOptions Options() => new() { AlertThreshold = AlertThreshold, AlertBudget = AlertBudget, Parallelism = Parallelism, MaxPostingsPerKey = MaxPostingsPerKey };
}
