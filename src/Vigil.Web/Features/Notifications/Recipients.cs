namespace Vigil.Web.Features.Notifications;

/// <summary>Who must hear of an event: users by role, narrowed to a case's team where the role is team-scoped.</summary>
public static class Recipients
{
    /// <summary>The role's enabled users, narrowed to the team's where the role is team-scoped.</summary>
    public static async Task<List<string>> InRoleAsync(VigilDbContext db, string role, Guid? teamId, CancellationToken ct)
    {
        var roleId = await db.Roles.Where(r => r.Name == role).Select(r => r.Id).FirstOrDefaultAsync(ct);
        if (roleId is null) return [];
        var users = db.UserRoles.Where(ur => ur.RoleId == roleId).Select(ur => ur.UserId);
        if (teamId is { } team) users = users.Where(u => db.UserTeams.Any(t => t.UserId == u && t.TeamId == team));
        return await Enabled(db, users).Distinct().ToListAsync(ct);
    }

    /// <summary>For a notice that stands for "something new is waiting" rather than for one row (ADR 1653): the role's users
    /// who hold an unread, not done notice of this kind have it brought up to <paramref name="now"/> (its
    /// <see cref="Notification.LatestAt"/>, ADR 3316); the others are returned, to be raised one. Two statements, as the
    /// role's id and the users without one were before: the refresh, then the users. In this order, an analyst who reads
    /// her notice between the two is raised a new one rather than none.</summary>
    public static async Task<List<string>> InRoleGatheringIntoUnreadAsync(VigilDbContext db, string role, string kind, DateTime now, CancellationToken ct)
    {
        var users = Enabled(db, db.UserRoles.Where(ur => db.Roles.Any(r => r.Id == ur.RoleId && r.Name == role)).Select(ur => ur.UserId));
        var unread = db.UserNotifications.Where(n => n.Kind == kind && n.ReadAt == null && n.DoneAt == null);
        // Only the newest of a user's: a store from before ADR 1653 may hold many unread, the older ones left as they were.
        await unread.Where(n => users.Contains(n.UserId) && !unread.Any(m => m.UserId == n.UserId && m.CreatedAt > n.CreatedAt))
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.LatestAt, now), ct);
        return await users.Where(u => !unread.Any(n => n.UserId == u)).Distinct().ToListAsync(ct);
    }

    private static IQueryable<string> Enabled(VigilDbContext db, IQueryable<string> users) =>
        users.Where(u => db.Users.Any(x => x.Id == u && !x.Disabled));

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
