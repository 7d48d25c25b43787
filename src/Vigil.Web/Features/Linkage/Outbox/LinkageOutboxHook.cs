namespace Vigil.Web.Features.Linkage.Outbox;

/// <summary>Linkage's side of a case save (ADR 1231). Before the commit: one outbox row per saved case, in the case's
/// transaction, so no saved case can miss its comparison. After the commit: a new case from a form or the API is
/// compared at once when this node may (the alert is there when the officer's next page loads); a failure there is
/// logged and left to the worker, never turned into a failed save. An import or an edit only wakes the worker: an
/// import's batches never wait for scoring, and an edit's comparison was a third of the statements of every
/// `PUT /api/v1/cases/{id}` for a case whose alerts were raised when it was created (ADR 2491). An edit or re-import
/// that changes none of the facts linkage reads (<see cref="LinkageFacts"/>) writes no row and wakes nothing (ADR 3205).</summary>
public sealed partial class LinkageOutboxHook(LinkageWorker worker, IOptions<LinkageSettings> options, TimeProvider clock, ILogger<LinkageOutboxHook> log) : ICaseChangeHook
{
    private readonly LinkageSettings settings = options.Value;

    // Whether this save queued a case: one save at a time per scope, as for its context.
    private bool queued;

    public int Order => CaseHookOrder.Linkage;

    public Task BeforeSaveAsync(VigilDbContext db, IReadOnlyList<DeathCase> cases, CaseChangeKind kind, CancellationToken ct)
    {
        queued = false;
        // Applying the rules changes no fact of the death: there is nothing new to compare (ADR 3147).
        if (!settings.Enabled || kind == CaseChangeKind.RulesApplied) return Task.CompletedTask;
        var now = clock.GetUtcNow().UtcDateTime;
        // A re-import that changes nothing never reaches here: its case is not saved at all (ADR 1630, after 3143).
        foreach (var c in cases)
        {
            // The fingerprint goes in the case's own UPDATE, so keeping it costs no statement (ADR 3205). A case saved
            // before fingerprints were kept has none, and is queued at its next save as it always was.
            var facts = LinkageFacts.Fingerprint(c);
            if (kind != CaseChangeKind.Created && facts is not null && facts == c.LinkageFingerprint) continue;
            c.LinkageFingerprint = facts;
            db.AddCaseRow(c, new LinkageOutboxRow { CaseId = c.Id, FoundAt = c.FoundAt, EnqueuedAt = now });
            queued = true;
        }
        return Task.CompletedTask;
    }

    public async Task AfterSaveAsync(IReadOnlyList<DeathCase> cases, CaseChangeKind kind, CancellationToken ct)
    {
        if (!settings.Enabled || cases.Count == 0 || kind == CaseChangeKind.RulesApplied || !queued) return;
        if (kind != CaseChangeKind.Created)
        {
            worker.Signal();
            return;
        }
        try
        {
            // Returns false at once when another node holds the lease: that node is draining and takes this row too.
            if (!await worker.DrainForAsync([.. cases.Select(c => c.Id)], ct)) worker.Signal();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The case is committed and its row pending: the background worker retries it.
            DrainFailed(log, ex);
            worker.Signal();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "linkage after a save failed; the case is saved and stays queued for the worker")]
    private static partial void DrainFailed(ILogger logger, Exception ex);
}
