namespace Vigil.Web.Features.Notifications;

/// <summary>Who must hear of an event: users by role, narrowed to a case's team where the role is team-scoped.</summary>
public static class Recipients
{
    public static async Task<List<string>> InRoleAsync(VigilDbContext db, string role, Guid? teamId, CancellationToken ct)
    {
        var roleId = await db.Roles.Where(r => r.Name == role).Select(r => r.Id).FirstOrDefaultAsync(ct);
        if (roleId is null) return [];
        var users = db.UserRoles.Where(ur => ur.RoleId == roleId).Select(ur => ur.UserId);
        if (teamId is { } team) users = users.Where(u => db.UserTeams.Any(t => t.UserId == u && t.TeamId == team));
        return await users.Where(u => db.Users.Any(x => x.Id == u && !x.Disabled)).Distinct().ToListAsync(ct);
    }

    public static async Task<string?> ByUserNameAsync(VigilDbContext db, string userName, CancellationToken ct) =>
        await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).FirstOrDefaultAsync(ct);

    /// <summary>The officers looking after a case's family: those deployed to it, else the FLOs of its team.</summary>
    public static async Task<List<string>> FamilyLiaisonAsync(VigilDbContext db, Guid caseId, Guid teamId, CancellationToken ct)
    {
        var flos = await db.FloDeployments.Where(f => f.CaseId == caseId && f.EndedAt == null).Select(f => f.OfficerUserId).Distinct().ToListAsync(ct);
        return flos.Count > 0 ? flos : await InRoleAsync(db, Roles.FamilyLiaison, teamId, ct);
    }
}
