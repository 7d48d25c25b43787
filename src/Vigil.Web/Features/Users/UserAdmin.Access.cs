
namespace Vigil.Web.Features.Users;

/// <summary>A case granted to a user; <paramref name="GrantedByName"/> is the granting administrator's full name (their
/// login when they have none, or when no user has that login now), as the page says who, never a login (walk53).</summary>
public sealed record UserGrant(Guid CaseId, string CaseReference, DateTime GrantedAt, string GrantedBy, string GrantedByName);

/// <summary>One user as the administration page shows them: identity, roles, teams and the cases granted to them.
/// A grant is shown by case reference only: administrators manage access, never case content (ADR 0006).</summary>
public sealed record UserDetail(UserSummary Summary, DateTime CreatedAt, IReadOnlyList<UserGrant> Grants);

public sealed partial class UserAdmin
{
    public async Task<UserDetail?> DetailAsync(string userName, CancellationToken ct)
    {
        var user = await users.FindByNameAsync(userName);
        if (user is null) return null;
        var teams = await db.UserTeams.Where(ut => ut.UserId == user.Id).Join(db.Teams, ut => ut.TeamId, t => t.Id, (ut, t) => t.Name).OrderBy(n => n).ToListAsync(ct);
        var grants = await db.CaseGrants.Where(g => g.UserId == user.Id)
            .Join(db.Cases, g => g.CaseId, c => c.Id, (g, c) => new
            {
                c.Id, c.Reference, g.GrantedAt, g.GrantedBy,
                // A scalar subquery in the grants' own statement: no read of its own.
                Name = db.Users.Where(u => u.UserName == g.GrantedBy && u.DisplayName != "").Select(u => u.DisplayName).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var summary = new UserSummary(user.Id, user.UserName!, user.DisplayName, [.. await users.GetRolesAsync(user)], teams, user.Disabled, user.LockoutEnd > clock.GetUtcNow());
        return new UserDetail(summary, user.CreatedAt, [.. grants.Select(g => new UserGrant(g.Id, g.Reference, g.GrantedAt, g.GrantedBy, g.Name ?? g.GrantedBy))
            .OrderBy(g => g.CaseReference, StringComparer.Ordinal)]);
    }

    public Task<VigilUser?> FindByIdAsync(string id) => users.FindByIdAsync(id);

    public Task<List<string>> TeamNamesAsync(CancellationToken ct) => db.Teams.OrderBy(t => t.Name).Select(t => t.Name).ToListAsync(ct);

    /// <summary>Sets a user's name as colleagues and families see it, and exactly these roles and teams. An
    /// administrator cannot take away their own administrator role, nor the last active administrator's. From the user's
    /// page, <paramref name="seen"/> is what its form showed (<see cref="AccessFields.Fingerprint"/>; "" when it sent none):
    /// a save over another administrator's change since is refused, <see cref="AccessChangedSince"/>, under the
    /// administrators' lock so two saves at once are judged one after the other (ADR 3372). Null: no form, no check.</summary>
    public async Task UpdateAccessAsync(string userName, string displayName, IReadOnlyCollection<string> roleNames, IReadOnlyCollection<string> teamNames,
        string? actingUserName, string? seen, CancellationToken ct)
    {
        await EnsureRolesAsync();
        await AdministratorsHeldAsync(() => UpdateKnownAccessAsync(userName, displayName, roleNames, teamNames, actingUserName, seen, ct),
            held: !roleNames.Contains(Roles.Administrator) || seen is not null);
    }

    /// <summary>The access form was saved over another administrator's change made since it was opened: before, the save
    /// put back what the other had taken away (a role, a team) without a word (review66).</summary>
    public const string AccessChangedSince = "Another administrator has changed this user's name, roles or teams since you opened this page: they are shown as they are now. Make your change again.";

    private async Task UpdateKnownAccessAsync(string userName, string displayName, IReadOnlyCollection<string> roleNames, IReadOnlyCollection<string> teamNames,
        string? actingUserName, string? seen, CancellationToken ct)
    {
        var user = await FindAsync(userName);
        if (seen is not null && seen != await StoredFingerprintAsync(user, ct))
        {
            // The page is shown again from this user: read as it is now, not as this request first tracked it.
            await db.Entry(user).ReloadAsync(ct);
            throw Conflicting(AccessChangedSince);
        }
        if (string.IsNullOrWhiteSpace(displayName)) throw Refused("Enter the user's full name.", "DisplayName");
        CheckAccess(roleNames, teamNames);
        var current = await users.GetRolesAsync(user);
        if (current.Contains(Roles.Administrator) && !roleNames.Contains(Roles.Administrator))
        {
            if (string.Equals(user.UserName, actingUserName, StringComparison.OrdinalIgnoreCase))
                throw Conflicting("You cannot remove your own administrator role. Ask another administrator.", "Roles");
            if (!user.Disabled && await IsLastActiveAdministratorAsync(user))
                throw Conflicting(LastAdministrator(user), "Roles");
        }
        user.DisplayName = displayName.Trim();
        Check(await users.UpdateAsync(user));
        Check(await users.AddToRolesAsync(user, roleNames.Except(current)));
        Check(await users.RemoveFromRolesAsync(user, current.Except(roleNames)));
        await SetTeamsAsync(user.Id, teamNames, ct);
        // Roles and teams are read at sign-in: a new stamp makes the change reach open sessions within a minute.
        Check(await users.UpdateSecurityStampAsync(user));
    }

    /// <summary>The user's name, roles and teams as stored now, as <see cref="AccessFields.Fingerprint"/> says them: read from
    /// the store, never from the tracker, which holds the user as this request first read them (before the lock).</summary>
    private async Task<string> StoredFingerprintAsync(VigilUser user, CancellationToken ct)
    {
        var name = await db.Users.AsNoTracking().Where(u => u.Id == user.Id).Select(u => u.DisplayName).SingleAsync(ct);
        var roles = await db.UserRoles.Where(ur => ur.UserId == user.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToListAsync(ct);
        var teams = await db.UserTeams.Where(ut => ut.UserId == user.Id).Join(db.Teams, ut => ut.TeamId, t => t.Id, (_, t) => t.Name).ToListAsync(ct);
        return AccessFields.Fingerprint(name, roles, teams);
    }

    private async Task SetTeamsAsync(string userId, IReadOnlyCollection<string> teamNames, CancellationToken ct)
    {
        var wanted = new List<Guid>();
        foreach (var name in teamNames.Select(n => n.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal))
        {
            if (name.Length > 100) throw Refused("A team name has at most 100 characters.", "NewTeam");
            wanted.Add((await EnsureTeamAsync(name, ct)).Id);
        }
        var memberships = await db.UserTeams.Where(ut => ut.UserId == userId).ToListAsync(ct);
        db.UserTeams.RemoveRange(memberships.Where(m => !wanted.Contains(m.TeamId)));
        foreach (var id in wanted.Where(id => memberships.All(m => m.TeamId != id))) db.UserTeams.Add(new UserTeam { UserId = userId, TeamId = id });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Lets a user outside the case's team work on it (e.g. an FLO deployed from another area). The case is
    /// found by its reference alone; nothing of its content is read or returned.</summary>
    public async Task<string> GrantAsync(string userName, string? caseReference, string grantedBy, CancellationToken ct)
    {
        var user = await FindAsync(userName);
        var roles = await users.GetRolesAsync(user);
        if (!roles.Any(r => r is Roles.Investigator or Roles.Supervisor or Roles.FamilyLiaison))
            throw Refused(roles.Any(AccessPolicy.ReadAllRoles.Contains)
                ? $"{user.UserName} already reads every case; a grant is for investigators, supervisors and family liaison officers."
                : $"{user.UserName}'s roles do not work on cases; a grant is for investigators, supervisors and family liaison officers.", "CaseReference");
        var reference = (caseReference ?? "").Trim().ToUpperInvariant();
        if (reference.Length == 0) throw Refused("Enter the case reference, for example VGL-2026-000042.", "CaseReference");
        var target = await db.Cases.AsNoTracking().Where(c => c.Reference == reference).Select(c => new { c.Id, c.TeamId }).FirstOrDefaultAsync(ct)
            ?? throw Refused($"No case has the reference {reference}. Check it with the officer who asked.", "CaseReference");
        if (await db.UserTeams.AnyAsync(ut => ut.UserId == user.Id && ut.TeamId == target.TeamId, ct))
            throw Conflicting($"{user.UserName} already works on {reference} through their team.", "CaseReference");
        if (await db.CaseGrants.AnyAsync(g => g.UserId == user.Id && g.CaseId == target.Id, ct))
            throw Conflicting($"{reference} is already granted to {user.UserName}.", "CaseReference");
        db.CaseGrants.Add(new CaseGrant { CaseId = target.Id, UserId = user.Id, GrantedAt = clock.GetUtcNow().UtcDateTime, GrantedBy = grantedBy });
        await db.SaveChangesAsync(ct);
        return reference;
    }

    public async Task<bool> RevokeGrantAsync(string userName, Guid caseId, CancellationToken ct)
    {
        var user = await FindAsync(userName);
        var grant = await db.CaseGrants.FirstOrDefaultAsync(g => g.UserId == user.Id && g.CaseId == caseId, ct);
        if (grant is null) return false;
        db.CaseGrants.Remove(grant);
        await db.SaveChangesAsync(ct);
        return true;
    }
}
