using Microsoft.AspNetCore.Identity;


namespace Vigil.Web.Features.Users;

public sealed record UserSummary(string Id, string UserName, string DisplayName, IReadOnlyList<string> Roles, IReadOnlyList<string> Teams, bool Disabled, bool LockedOut);

public sealed record NewToken(Guid Id, string Secret, DateTime? ExpiresAt);

/// <summary>Why a token ended, as its <see cref="ApiToken.RevokedReason"/> and the audit trail say.</summary>
public static class TokenEnds
{
    public const string PasswordReset = "The owner's password was reset.";
    public const string PasswordChanged = "The owner changed their password.";
    public const string AccountDisabled = "The owner's account was disabled.";
    public const string LockedOnPasswordChange = "The owner's account was locked by wrong current passwords on the password-change page.";
    public const string ByOwner = "Revoked by its owner.";
    public const string ByCli = "Revoked with the vigil tokens command.";
}

/// <summary>User, role, team and token management, shared by the `users`/`tokens` verbs and the admin pages.</summary>
public sealed partial class UserAdmin(UserManager<VigilUser> users, RoleManager<IdentityRole> roles, VigilDbContext db, TimeProvider clock)
{
    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role)) Check(await roles.CreateAsync(new IdentityRole(role)));
    }

    public async Task<Team> EnsureTeamAsync(string name, CancellationToken ct)
    {
        var team = await db.Teams.FirstOrDefaultAsync(t => t.Name == name, ct);
        if (team is not null) return team;
        team = new Team { Name = name };
        db.Teams.Add(team);
        await db.SaveChangesAsync(ct);
        return team;
    }

    public async Task<VigilUser> CreateAsync(string userName, string displayName, string password, IEnumerable<string> roleNames, IEnumerable<string> teamNames, CancellationToken ct)
    {
        await EnsureRolesAsync();
        var wanted = roleNames.ToList();
        var teams = teamNames.ToList();
        if (string.IsNullOrWhiteSpace(userName)) throw Refused("Enter a user name.", "UserName");
        if (string.IsNullOrWhiteSpace(displayName)) throw Refused("Enter the user's full name.", "DisplayName");
        CheckAccess(wanted, teams);
        var user = new VigilUser { UserName = userName.Trim(), DisplayName = displayName.Trim(), CreatedAt = clock.GetUtcNow().UtcDateTime };
        Check(await users.CreateAsync(user, password), "Password");
        Check(await users.AddToRolesAsync(user, wanted));
        await SetTeamsAsync(user.Id, teams, ct);
        return user;
    }

    public async Task<List<UserSummary>> ListAsync(CancellationToken ct)
    {
        var all = await users.Users.OrderBy(u => u.UserName).ToListAsync(ct);
        var teamNames = await db.UserTeams.Join(db.Teams, ut => ut.TeamId, t => t.Id, (ut, t) => new { ut.UserId, t.Name }).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var result = new List<UserSummary>();
        foreach (var u in all)
            result.Add(new UserSummary(u.Id, u.UserName!, u.DisplayName, [.. await users.GetRolesAsync(u)],
                teamNames.Where(t => t.UserId == u.Id).Select(t => t.Name).ToList(), u.Disabled, u.LockoutEnd > now));
        return result;
    }

    /// <summary>Disabling never locks the force out of its own administration: nobody disables themselves, and the last
    /// active administrator stays (<paramref name="actingUserName"/> is null from the CLI).</summary>
    public Task SetDisabledAsync(string userName, bool disabled, string? actingUserName = null) => AdministratorsHeldAsync(async () =>
    {
        var user = await FindAsync(userName);
        if (disabled && await WhyNotDisableAsync(user, actingUserName) is { } why) throw Conflicting(why);
        user.Disabled = disabled;
        Check(await users.UpdateAsync(user));
        // A new security stamp ends existing sessions at their next validation; the tokens end too (ADR 3112), so
        // enabling the account again does not bring back a token minted before it was disabled.
        Check(await users.UpdateSecurityStampAsync(user));
        if (disabled) await RevokeTokensOfAsync(user.Id, TokenEnds.AccountDisabled, CancellationToken.None);
    }, held: disabled);

    /// <summary>A new password (after a compromise, or a forgotten one) ends the user's sessions (Identity's new stamp)
    /// and their API tokens (ADR 3112): a token taken with the old password does not outlive it.</summary>
    public async Task ResetPasswordAsync(string userName, string password)
    {
        var user = await FindAsync(userName);
        var token = await users.GeneratePasswordResetTokenAsync(user);
        Check(await users.ResetPasswordAsync(user, token, password), "Password");
        Check(await users.SetLockoutEndDateAsync(user, null));
        Check(await users.ResetAccessFailedCountAsync(user));
        await RevokeTokensOfAsync(user.Id, TokenEnds.PasswordReset, CancellationToken.None);
    }

    /// <summary>Revokes every token of the user still in force, each with <paramref name="reason"/>; one save, each
    /// revocation an audit entry (the interceptor). Answers how many ended.</summary>
    public async Task<int> RevokeTokensOfAsync(string userId, string reason, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var live = await db.ApiTokens.Where(t => t.UserId == userId && t.RevokedAt == null).ToListAsync(ct);
        foreach (var t in live) (t.RevokedAt, t.RevokedReason) = (now, reason);
        if (live.Count > 0) await db.SaveChangesAsync(ct);
        return live.Count;
    }

    /// <summary>Known roles, at least one; a role that works on its team's cases needs a team, or it sees nothing.</summary>
    private static void CheckAccess(IReadOnlyCollection<string> roleNames, IReadOnlyCollection<string> teamNames)
    {
        if (roleNames.Count == 0) throw Refused("Choose at least one role.", "Roles");
        var unknown = roleNames.Except(Roles.All).ToList();
        if (unknown.Count > 0) throw Refused($"Unknown {(unknown.Count == 1 ? "role" : "roles")}: {string.Join(", ", unknown)}; roles are {string.Join(", ", Roles.All)}.", "Roles");
        if (roleNames.Any(TeamScoped) && !teamNames.Any(t => !string.IsNullOrWhiteSpace(t)))
            throw Refused("Investigators, supervisors and family liaison officers work on their team's cases: choose a team.", "Teams");
    }

    private static bool TeamScoped(string role) => role is Roles.Investigator or Roles.Supervisor or Roles.FamilyLiaison;

    public async Task SetRolesAsync(string userName, IReadOnlyCollection<string> add, IReadOnlyCollection<string> remove)
    {
        await EnsureRolesAsync();
        await AdministratorsHeldAsync(() => SetKnownRolesAsync(userName, add, remove), held: remove.Contains(Roles.Administrator));
    }

    private async Task SetKnownRolesAsync(string userName, IReadOnlyCollection<string> add, IReadOnlyCollection<string> remove)
    {
        var user = await FindAsync(userName);
        var unknown = add.Concat(remove).Except(Roles.All).ToList();
        if (unknown.Count > 0) throw Refused($"unknown {(unknown.Count == 1 ? "role" : "roles")}: {string.Join(", ", unknown)}");
        if (remove.Contains(Roles.Administrator) && !user.Disabled && await IsLastActiveAdministratorAsync(user))
            throw Conflicting(LastAdministrator(user));
        // As at creation (CheckAccess): a role that works on its team's cases, given to an account in no team, sees nothing.
        if (add.Any(TeamScoped) && !await db.UserTeams.AnyAsync(ut => ut.UserId == user.Id))
            throw Refused($"{user.UserName} is in no team, and investigators, supervisors and family liaison officers work on their team's cases: add a team on the Users page first.", "Roles");
        if (add.Count > 0) Check(await users.AddToRolesAsync(user, add.Except(await users.GetRolesAsync(user))));
        if (remove.Count > 0) Check(await users.RemoveFromRolesAsync(user, remove.Intersect(await users.GetRolesAsync(user))));
        Check(await users.UpdateSecurityStampAsync(user));
    }

    public async Task<NewToken> CreateTokenAsync(string userName, string name, TimeSpan? lifetime, CancellationToken ct)
    {
        var user = await FindAsync(userName);
        // Disabling revokes an account's tokens (ADR 3112); one minted while it is disabled would wake when it is enabled.
        if (user.Disabled) throw Conflicting($"{user.UserName} is disabled: enable the account before giving it a token (ADR 3139).");
        return await CreateTokenForAsync(user.Id, name, lifetime, ct);
    }

    public async Task<NewToken> CreateTokenForAsync(string userId, string name, TimeSpan? lifetime, CancellationToken ct)
    {
        var secret = ApiTokenAuthenticationHandler.NewSecret();
        var now = clock.GetUtcNow().UtcDateTime;
        var token = new ApiToken
        {
            UserId = userId, Name = name, Prefix = secret[..10], SecretHash = ApiTokenAuthenticationHandler.HashSecret(secret),
            CreatedAt = now, ExpiresAt = lifetime is { } l ? now + l : null,
        };
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(ct);
        return new NewToken(token.Id, secret, token.ExpiresAt);
    }

    public async Task<bool> RevokeTokenAsync(Guid id, string? ownerId, string reason, CancellationToken ct)
    {
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == id && (ownerId == null || t.UserId == ownerId), ct);
        if (token is null) return false;
        if (token.RevokedAt is null) (token.RevokedAt, token.RevokedReason) = (clock.GetUtcNow().UtcDateTime, reason);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>An administrator revokes one of <paramref name="userId"/>'s tokens from the user's page (ADR 3113), with
    /// a reason in words that the token and the audit trail keep. A token of another user answers false.</summary>
    public const int MaxRevokeReason = 200;

    public async Task<bool> RevokeTokenOfUserAsync(string userId, Guid tokenId, string? reason, string actingUserName, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw Refused("Say why the token is revoked.", "Reason");
        var why = reason.Trim();
        if (why.Length > MaxRevokeReason) throw Refused($"Keep the reason to {MaxRevokeReason} characters.", "Reason");
        return await RevokeTokenAsync(tokenId, userId, $"Revoked by {actingUserName}: {why}", ct);
    }

    public Task<List<ApiToken>> TokensAsync(string? userId, CancellationToken ct) =>
        db.ApiTokens.AsNoTracking().Where(t => userId == null || t.UserId == userId).OrderBy(t => t.CreatedAt).ToListAsync(ct);

    private async Task<VigilUser> FindAsync(string userName) =>
        await users.FindByNameAsync(userName) ?? throw Refused($"no user named '{userName}'");

    private static void Check(IdentityResult result, string? field = null)
    {
        if (result.Succeeded) return;
        // Identity names the problem by code: a taken or invalid name belongs beside the user name field.
        var onName = result.Errors.Any(e => e.Code is "DuplicateUserName" or "InvalidUserName");
        throw Refused(string.Join(" ", result.Errors.Select(e => e.Description)), onName ? "UserName" : field);
    }

    /// <summary>A request that cannot be carried out as asked (a missing or unknown value).</summary>
    private static RefusedException Refused(string why, string? field = null) => new(Refusal.Invalid(why), field);

    /// <summary>A request the accounts' present state does not allow (the last administrator, a grant already held).</summary>
    private static RefusedException Conflicting(string why, string? field = null) => new(Refusal.Conflict(why), field);
}
