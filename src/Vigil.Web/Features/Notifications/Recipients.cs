namespace Vigil.Web.Features.Notifications;

/// <summary>Who must hear of an event: users by role, narrowed to a case's team where the role is team-scoped.</summary>
public static class Recipients
{
    public static Task<List<string>> InRoleAsync(VigilDbContext db, string role, Guid? teamId, CancellationToken ct) =>
        InRoleAsync(db, role, teamId, null, ct);

    /// <summary>The role's users who hold no unread, not done notice of this kind, in the same statement: for a notice that
    /// stands for "something new is waiting" rather than for one row (ADR 1653).</summary>
    public static Task<List<string>> InRoleWithoutUnreadAsync(VigilDbContext db, string role, string kind, CancellationToken ct) =>
        InRoleAsync(db, role, null, kind, ct);

    private static async Task<List<string>> InRoleAsync(VigilDbContext db, string role, Guid? teamId, string? unlessUnread, CancellationToken ct)
    {
        var roleId = await db.Roles.Where(r => r.Name == role).Select(r => r.Id).FirstOrDefaultAsync(ct);
        if (roleId is null) return [];
        var users = db.UserRoles.Where(ur => ur.RoleId == roleId).Select(ur => ur.UserId);
        if (teamId is { } team) users = users.Where(u => db.UserTeams.Any(t => t.UserId == u && t.TeamId == team));
        if (unlessUnread is { } kind)
        {
            var notices = db.UserNotifications; // an extension property: read outside the expression tree
            users = users.Where(u => !notices.Any(n => n.UserId == u && n.ReadAt == null && n.DoneAt == null && n.Kind == kind));
        }
        return await users.Where(u => db.Users.Any(x => x.Id == u && !x.Disabled)).Distinct().ToListAsync(ct);
    }

    public static async Task<string?> ByUserNameAsync(VigilDbContext db, string userName, CancellationToken ct) =>
        await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).FirstOrDefaultAsync(ct);

    /// <summary>The staff user the save acts for: the audit actor "user:{id}:{name}" or "token:{token}:{name}" (a user's
    /// API token); null for the CLI, a family account or nobody signed in.</summary>
    public static async Task<(string Id, string DisplayName)?> ActingAsync(VigilDbContext db, CancellationToken ct)
    {
        var actor = db.Actor.Name;
        if (!actor.StartsWith("user:", StringComparison.Ordinal) && !actor.StartsWith("token:", StringComparison.Ordinal)) return null;
        var name = actor[(actor.LastIndexOf(':') + 1)..];
        var user = await db.Users.Where(u => u.UserName == name).Select(u => new { u.Id, u.DisplayName }).FirstOrDefaultAsync(ct);
        return user is null ? null : (user.Id, user.DisplayName.Length > 0 ? user.DisplayName : name);
    }

    /// <summary>The officers looking after a case's family: those deployed to it, else the FLOs of its team.</summary>
    public static async Task<List<string>> FamilyLiaisonAsync(VigilDbContext db, Guid caseId, Guid teamId, CancellationToken ct)
    {
        var flos = await db.FloDeployments.Where(f => f.CaseId == caseId && f.EndedAt == null).Select(f => f.OfficerUserId).Distinct().ToListAsync(ct);
        return flos.Count > 0 ? flos : await InRoleAsync(db, Roles.FamilyLiaison, teamId, ct);
    }
}
