namespace Vigil.Web.Features.Import.Page;

/// <summary>The saved mappings an importer may see, start from and download: their teams' own, and those saved before
/// mappings had a team (every importer could use them then; none may replace them now). A mapping is saved for one of
/// the importer's teams and replaces only that team's mapping of the same name (ADR 2905).</summary>
public sealed class SavedMappings(VigilDbContext db, CaseAccess access)
{
    public async Task<IQueryable<SavedMapping>> ReadableAsync(CancellationToken ct)
    {
        var teams = (await access.ScopeAsync(ct)).MemberOf.ToList();
        return db.SavedMappings.AsNoTracking().Where(m => m.TeamId == null || teams.Contains(m.TeamId.Value));
    }

    public async Task<SavedMapping?> FindAsync(Guid id, CancellationToken ct) =>
        await (await ReadableAsync(ct)).FirstOrDefaultAsync(m => m.Id == id, ct);

    /// <summary>The team a mapping is saved for: the one chosen on the page, or the importer's only team; null when that
    /// is not a team they may import into (or they have several and chose none).</summary>
    public async Task<Guid?> TeamForAsync(Guid? chosen, IReadOnlyList<Team> teams, CancellationToken ct)
    {
        var team = chosen ?? (teams.Count == 1 ? teams[0].Id : (Guid?)null);
        return team is { } t && await access.CanImportIntoTeamAsync(t, ct) ? t : null;
    }

    /// <summary>Saves the mapping for the team, replacing that team's mapping of the same name (never another team's).</summary>
    public async Task SaveAsync(Guid team, string name, string json, string by, DateTime at, CancellationToken ct)
    {
        var saved = await db.SavedMappings.FirstOrDefaultAsync(m => m.TeamId == team && m.Name == name, ct);
        if (saved is null) db.SavedMappings.Add(saved = new SavedMapping { Name = name, TeamId = team });
        (saved.Json, saved.SavedBy, saved.SavedAt) = (json, by, at);
        await db.SaveChangesAsync(ct);
    }
}
