using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Vigil.Data;
using Vigil.Data.Cases;
using Vigil.Data.Identity;
using Vigil.Web.Features.Auth;

namespace Vigil.Web.Features.Users;

public sealed record UserSummary(string Id, string UserName, string DisplayName, IReadOnlyList<string> Roles, IReadOnlyList<string> Teams, bool Disabled, bool LockedOut);

public sealed record NewToken(Guid Id, string Secret, DateTime? ExpiresAt);

/// <summary>User, role, team and token management, shared by the `users`/`tokens` verbs and the admin pages.</summary>
public sealed class UserAdmin(UserManager<VigilUser> users, RoleManager<IdentityRole> roles, VigilDbContext db, TimeProvider clock)
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
        var unknown = wanted.Except(Roles.All).ToList();
        if (unknown.Count > 0) throw new UserAdminException($"unknown role(s): {string.Join(", ", unknown)}; roles are {string.Join(", ", Roles.All)}");
        var user = new VigilUser { UserName = userName, DisplayName = displayName, CreatedAt = clock.GetUtcNow().UtcDateTime };
        Check(await users.CreateAsync(user, password));
        if (wanted.Count > 0) Check(await users.AddToRolesAsync(user, wanted));
        foreach (var name in teamNames)
        {
            var team = await EnsureTeamAsync(name, ct);
            db.UserTeams.Add(new UserTeam { UserId = user.Id, TeamId = team.Id });
        }
        await db.SaveChangesAsync(ct);
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

    public async Task SetDisabledAsync(string userName, bool disabled)
    {
        var user = await FindAsync(userName);
        user.Disabled = disabled;
        Check(await users.UpdateAsync(user));
        // A new security stamp ends existing sessions at their next validation.
        Check(await users.UpdateSecurityStampAsync(user));
    }

    public async Task ResetPasswordAsync(string userName, string password)
    {
        var user = await FindAsync(userName);
        var token = await users.GeneratePasswordResetTokenAsync(user);
        Check(await users.ResetPasswordAsync(user, token, password));
        Check(await users.SetLockoutEndDateAsync(user, null));
        Check(await users.ResetAccessFailedCountAsync(user));
    }

    public async Task SetRolesAsync(string userName, IReadOnlyCollection<string> add, IReadOnlyCollection<string> remove)
    {
        await EnsureRolesAsync();
        var user = await FindAsync(userName);
        var unknown = add.Concat(remove).Except(Roles.All).ToList();
        if (unknown.Count > 0) throw new UserAdminException($"unknown role(s): {string.Join(", ", unknown)}");
        if (add.Count > 0) Check(await users.AddToRolesAsync(user, add.Except(await users.GetRolesAsync(user))));
        if (remove.Count > 0) Check(await users.RemoveFromRolesAsync(user, remove.Intersect(await users.GetRolesAsync(user))));
        Check(await users.UpdateSecurityStampAsync(user));
    }

    public async Task<NewToken> CreateTokenAsync(string userName, string name, TimeSpan? lifetime, CancellationToken ct)
    {
        var user = await FindAsync(userName);
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

    public async Task<bool> RevokeTokenAsync(Guid id, string? ownerId, CancellationToken ct)
    {
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == id && (ownerId == null || t.UserId == ownerId), ct);
        if (token is null) return false;
        token.RevokedAt ??= clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return true;
    }

    public Task<List<ApiToken>> TokensAsync(string? userId, CancellationToken ct) =>
        db.ApiTokens.AsNoTracking().Where(t => userId == null || t.UserId == userId).OrderBy(t => t.CreatedAt).ToListAsync(ct);

    private async Task<VigilUser> FindAsync(string userName) =>
        await users.FindByNameAsync(userName) ?? throw new UserAdminException($"no user named '{userName}'");

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new UserAdminException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}

public sealed class UserAdminException(string message) : Exception(message);
