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

    /// <summary>Of these mappings, those this importer may delete (ADR 3013): a team's, by an importer of that team; one from
    /// before mappings had a team, which every team may be using, by an administrator or a supervisor only.</summary>
    public async Task<HashSet<Guid>> DeletableAsync(IEnumerable<SavedMapping> listed, ClaimsPrincipal user, CancellationToken ct)
    {
        var scope = await access.ScopeAsync(ct);
        var legacy = user.IsInRole(Roles.Administrator) || user.IsInRole(Roles.Supervisor);
        return [.. listed.Where(m => m.TeamId is { } team ? scope.CanImport && scope.MemberOf.Contains(team) : legacy).Select(m => m.Id)];
    }

    /// <summary>Deletes the mapping when this importer may (<see cref="DeletableAsync"/>); the audit trail keeps the delete
    /// with the whole mapping, who and when. Null when there is no such mapping for them (or they may not delete it).</summary>
    public async Task<SavedMapping?> DeleteAsync(Guid id, ClaimsPrincipal user, CancellationToken ct)
    {
        var saved = await FindAsync(id, ct);
        if (saved is null || !(await DeletableAsync([saved], user, ct)).Contains(saved.Id)) return null;
        db.SavedMappings.Remove(await db.SavedMappings.FirstAsync(m => m.Id == saved.Id, ct));
        await db.SaveChangesAsync(ct);
        return saved;
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
