namespace Vigil.Web.Features.Family.Liaison;

/// <summary>A death waiting for a family liaison officer, as the list shows it. HadFlo: an FLO was deployed and every
/// deployment has ended while liaison goes on (the family has lost its officer, not never had one).</summary>
public sealed record WaitingForFloRow(Guid CaseId, string Reference, string? Deceased, DateTime FoundAt, bool HadFlo);

/// <summary>The deaths of the reader's teams whose family has no FLO now (ADR 1645): found in the last
/// <see cref="FamilyOptions.NewDeathsWaitFor"/> with no FLO deployed, or known to the liaison lists (a family file or a
/// start of the contact clock, as the dashboard lists them) with every FLO's deployment ended, unless liaison has ended.
/// Before, a new death was on no FLO's dashboard until one deployed herself to it (walk53 finding 19).</summary>
public static class WaitingForFlo
{
    public const string Href = "/liaison/waiting";

    /// <summary>Newest death first: the family of a death found this morning is owed its first contact within hours. The
    /// waiting deaths' ids are read first, then the reader's cases among them (ADR 1648).</summary>
    public static async Task<IQueryable<WaitingForFloRow>> QueryAsync(VigilDbContext db, IQueryable<DeathCase> visible, DateTime now, FamilyOptions options, CancellationToken ct)
    {
        var waiting = await Ids(db, now, options).ToListAsync(ct);
        var everDeployed = db.CaseLiaisons.Where(r => r.EverDeployed).Select(r => r.CaseId);
        return visible.Where(c => waiting.Contains(c.Id)).OrderByDescending(c => c.FoundAt).ThenBy(c => c.Reference)
            .Select(c => new WaitingForFloRow(c.Id, c.Reference, c.Deceased.Name, c.FoundAt, everDeployed.Contains(c.Id)));
    }

    /// <summary>How many of the reader's deaths wait: none read when no death waits.</summary>
    public static async Task<int> CountAsync(VigilDbContext db, IQueryable<DeathCase> visible, DateTime now, FamilyOptions options, CancellationToken ct)
    {
        var waiting = await Ids(db, now, options).ToListAsync(ct);
        return waiting.Count == 0 ? 0 : await visible.CountAsync(c => waiting.Contains(c.Id), ct);
    }

    /// <summary>Every waiting death's id, whoever reads it: the deaths found lately (an index range of the found time)
    /// less those with an FLO now or liaison ended, and the listed liaison rows (ADR 3267) with neither. Asked inside the
    /// reader's query instead, the database cannot know the set is small and reads every case to test it (a million
    /// deaths: 1.2–2.0 s a count; ADR 1648); from the family tables themselves, 250 ms (round 56).</summary>
    private static IQueryable<Guid> Ids(VigilDbContext db, DateTime now, FamilyOptions options)
    {
        var since = now - options.NewDeathsWaitFor;
        var held = db.CaseLiaisons.Where(r => r.ActiveDeployments > 0 || r.LiaisonEnded).Select(r => r.CaseId);
        var known = LiaisonRows.Listed(db).Where(r => r.ActiveDeployments == 0 && !r.LiaisonEnded).Select(r => r.CaseId);
        return db.Cases.Where(c => c.FoundAt >= since).Select(c => c.Id).Except(held).Union(known);
    }
}
