using Microsoft.EntityFrameworkCore;
using Vigil.Data;
using Vigil.Data.Cases;
using Vigil.Records;

namespace Vigil.Web.Features.Cases;

/// <summary>Create and edit for one case at a time (forms and API), with the change hooks and optimistic concurrency.</summary>
public sealed class CaseCommands(VigilDbContext db, TimeProvider clock, IEnumerable<ICaseChangeHook> hooks)
{
    public const string VigilSource = "vigil";

    /// <summary>Whether the team already holds this (source, ref): the key is per team, so this never looks at
    /// another team's cases and cannot tell anyone what they hold (ADR 0501).</summary>
    public Task<bool> ExistsAsync(Guid teamId, string? source, string sourceRef, CancellationToken ct) =>
        source is null or VigilSource ? Task.FromResult(false) : db.Cases.AnyAsync(c => c.TeamId == teamId && c.Source == source && c.SourceRef == sourceRef, ct);

    public async Task<DeathCase> CreateAsync(DeathRecord record, Guid teamId, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var year = record.FoundAt.UtcDateTime.Year;
        var reference = CaseReferences.Format(year, await CaseReferences.ReserveAsync(db, year, 1, ct));
        // A case typed into Vigil is its own source, and its source ref is its reference.
        if (record.Source is null or VigilSource) record = record with { Source = VigilSource, Ref = reference };
        var writer = new CaseWriter(db, clock);
        var c = await writer.NewCaseAsync(record, teamId, reference, ct);
        foreach (var hook in hooks) await hook.BeforeSaveAsync(db, [c], CaseChangeKind.Created, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        foreach (var hook in hooks) await hook.AfterSaveAsync([c], CaseChangeKind.Created, ct);
        return c;
    }

    /// <summary>Applies an edit made against <paramref name="expectedVersion"/>; false when someone saved in between
    /// (nothing is written then).</summary>
    public async Task<bool> UpdateAsync(DeathCase c, DeathRecord record, int expectedVersion, CancellationToken ct)
    {
        if (c.Version != expectedVersion) return false;
        db.Entry(c).Property(x => x.Version).OriginalValue = expectedVersion;
        var writer = new CaseWriter(db, clock);
        await writer.UpdateAsync(c, record, ct);
        foreach (var hook in hooks) await hook.BeforeSaveAsync(db, [c], CaseChangeKind.Edited, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
        foreach (var hook in hooks) await hook.AfterSaveAsync([c], CaseChangeKind.Edited, ct);
        return true;
    }
}
