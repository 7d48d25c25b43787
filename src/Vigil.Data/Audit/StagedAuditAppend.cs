using Microsoft.EntityFrameworkCore.ChangeTracking;
using Vigil.Data.Diagnostics;

namespace Vigil.Data.Audit;

/// <summary>The rest of a large bulk save's audit append (ADR 2701): the staged cases' JSON is being written on another
/// thread while the bulk writer writes the save's other rows; the bulk writer then finishes the append
/// (<see cref="ChainAsync"/>), and its rows are written last. Everything else of the append (the tracked changes'
/// drafts, the chain's lock and head, the batch's time) was done on the saving thread before the writes, as before.</summary>
internal sealed class StagedAuditAppend
{
    private readonly Task<string[]> json;
    private readonly StagedAudit staged;
    private readonly List<AuditDraft> others;
    private readonly AuditHasher hasher;
    private readonly string actor;

    private StagedAuditAppend(StagedAudit staged, List<AuditDraft> others, AuditHasher hasher, string actor, CancellationToken ct)
    {
        this.staged = staged;
        this.others = others;
        this.hasher = hasher;
        this.actor = actor;
        json = Task.Run(() => WriteJson(staged, ct), ct);
    }

    /// <summary>Starts writing the staged cases' JSON on a pool thread.</summary>
    /// <param name="others">The drafts that follow the staged cases' (the tracked changes', then the events').</param>
    public static StagedAuditAppend Start(StagedAudit staged, List<AuditDraft> others, AuditHasher hasher, string actor, CancellationToken ct) =>
        new(staged, others, hasher, actor, ct);

    /// <summary>Staged cases from which a bulk save writes their JSON beside its other rows: below it, the thread hand-off
    /// and the separate audit write are not worth it (an API import of a few deaths keeps its one command, ADR 1607).</summary>
    public const int From = 64;

    /// <summary>The chain's last entry, read under the chain's lock once the JSON was under way.</summary>
    public ChainHead? Last { get; set; }

    /// <summary>The entries' time, read once the lock was taken, as an append in line reads it (<see cref="AuditLinks.At"/>).</summary>
    public DateTime At { get; set; }

    /// <summary>Waits for the JSON (its failure is the save's), chains every draft of the save after <see cref="Last"/>
    /// and adds the entries and the further cases they name to the tracker, as the append does in line; returns their
    /// tracker entries for the bulk writer. Called on the saving thread once the save's other rows are written.</summary>
    public async Task<List<EntityEntry>> ChainAsync(VigilDbContext db)
    {
        string[] details;
        using (StageClock.Measure("  of which staged JSON wait"))
            details = await json;
        var drafts = staged.Drafts(details, staged.Count + others.Count);
        drafts.AddRange(others);
        var (entries, head) = AuditLinks.Make(hasher, At, actor, Last, drafts);
        var added = new List<EntityEntry>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            added.Add(db.AuditEntries.Add(entries[i]));
            foreach (var other in drafts[i].AlsoCases) added.Add(db.AuditCaseRefs.Add(new AuditCaseRef { CaseId = other, Sequence = entries[i].Sequence }));
        }
        // Written outside the database once the transaction commits (AuditHeadInterceptor).
        db.PendingAuditHead = head;
        return added;
    }

    /// <summary>Lets the JSON's thread finish, whatever it ends in, for a save that failed or was cancelled before
    /// <see cref="ChainAsync"/>: the save returns (and its context may be disposed) only once nothing of it runs.</summary>
    public async Task SettleAsync()
    {
        await Task.WhenAny(json);
        _ = json.Exception; // observed: what the caller sees is the save's own failure
    }

    private static string[] WriteJson(StagedAudit staged, CancellationToken ct)
    {
        using (StageClock.Measure("    staged JSON (beside the writes)"))
            return staged.WriteJson(ct);
    }
}
