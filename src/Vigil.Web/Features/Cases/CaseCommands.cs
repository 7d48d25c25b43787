namespace Vigil.Web.Features.Cases;

/// <summary>Create and edit for one case at a time (forms and API), through the <see cref="CaseSavePipeline"/>,
/// with optimistic concurrency on the case's version.</summary>
public sealed class CaseCommands(VigilDbContext db, CaseSavePipeline pipeline)
{
    public const string VigilSource = "vigil";

    public static readonly Refusal Stale = new(StatusCodes.Status412PreconditionFailed, "The case was changed by someone else while you saved.",
        "Read it again, reapply your change and retry.");

    /// <summary>Whether the team already holds this (source, ref): the key is per team, so this never looks at
    /// another team's cases and cannot tell anyone what they hold (ADR 0501).</summary>
    public Task<bool> ExistsAsync(Guid teamId, string? source, string sourceRef, CancellationToken ct) =>
        source is null or VigilSource ? Task.FromResult(false) : db.Cases.AnyAsync(c => c.TeamId == teamId && c.Source == source && c.SourceRef == sourceRef, ct);

    /// <summary>Creates a case; <paramref name="officerInChargeId"/> is its first officer in charge (the creating
    /// investigator, <see cref="OfficerInChargeCommands.DefaultFor"/>) or null.</summary>
    public async Task<DeathCase> CreateAsync(DeathRecord record, Guid teamId, CancellationToken ct, string? officerInChargeId = null)
    {
        var saved = await pipeline.SaveAsync(new CaseSave(CaseChangeKind.Created, async (writer, ct) =>
        {
            var year = record.FoundAt.UtcDateTime.Year;
            var reference = CaseReferences.Format(year, await CaseReferences.ReserveAsync(db, year, 1, ct));
            // A case typed into Vigil is its own source, and its source ref is its reference.
            var own = record.Source is null or VigilSource ? record with { Source = VigilSource, Ref = reference } : record;
            var created = await writer.NewCaseAsync(own, teamId, reference, ct);
            created.OfficerInChargeId = officerInChargeId;
            return [created];
        }), ct);
        if (officerInChargeId is not null) await db.Entry(saved[0]).Reference(c => c.OfficerInCharge).LoadAsync(ct);
        return saved[0];
    }

    /// <summary>Why the case may not be edited now (it is closed), or null: asked before offering the form.</summary>
    public async Task<Refusal?> RefuseEditAsync(DeathCase c, CancellationToken ct) =>
        (await pipeline.RefusalsAsync([c.Id], ct)).TryGetValue(c.Id, out var why) ? Refusal.Conflict(why) : null;

    /// <summary>Applies an edit made against <paramref name="expectedVersion"/>. Refused (nothing written) when someone
    /// saved in between (<see cref="Stale"/>) or a gate refuses it (a closed case: 409).</summary>
    public async Task<Refusal?> UpdateAsync(DeathCase c, DeathRecord record, int expectedVersion, CancellationToken ct)
    {
        if (c.Version != expectedVersion) return Stale;
        db.Entry(c).Property(x => x.Version).OriginalValue = expectedVersion;
        try
        {
            // The gates are asked in the save's transaction before anything is staged (Known), once (ADR 2493).
            await pipeline.SaveAsync(new CaseSave(CaseChangeKind.Edited, async (writer, ct) =>
            {
                await writer.UpdateAsync(c, record, ct);
                return [c];
            }) { Known = [c.Id] }, ct);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            return Stale;
        }
        catch (CaseChangeRefusedException refused)
        {
            return refused.Refusal;
        }
    }
}
