using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Vigil.Data;
using Vigil.Data.Cases;
using Vigil.Data.Identity;

namespace Vigil.Web.Features.Auth;

/// <summary>Which cases a user may see and change. Every case query and every case endpoint goes through here,
/// so a case outside a user's scope answers 404 everywhere (not 403: its existence is not disclosed).</summary>
public sealed class CaseAccess(VigilDbContext db, IHttpContextAccessor http)
{
    private CaseScope? scope;

    public async Task<CaseScope> ScopeAsync(CancellationToken ct = default)
    {
        if (scope is not null) return scope;
        var user = http.HttpContext?.User ?? new ClaimsPrincipal();
        return scope = await ScopeForAsync(db, user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", user.IsInRole, ct);
    }

    /// <summary>The scope of a user outside a request (a watched search run when a death is saved), from their roles.</summary>
    public static async Task<CaseScope> ScopeForUserAsync(VigilDbContext db, string userId, CancellationToken ct)
    {
        var roles = await db.UserRoles.Where(ur => ur.UserId == userId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToListAsync(ct);
        return await ScopeForAsync(db, userId, roles.Contains, ct);
    }

    private static async Task<CaseScope> ScopeForAsync(VigilDbContext db, string userId, Func<string, bool> isInRole, CancellationToken ct)
    {
        var readAll = AccessPolicy.ReadAllRoles.Any(isInRole);
        var teamRoles = isInRole(Roles.Investigator) || isInRole(Roles.Supervisor) || isInRole(Roles.FamilyLiaison);
        var teams = teamRoles
            ? await db.UserTeams.Where(t => t.UserId == userId).Select(t => t.TeamId).ToListAsync(ct)
            : [];
        var canEdit = isInRole(Roles.Investigator) || isInRole(Roles.Supervisor);
        var granted = teamRoles ? await db.CaseGrants.Where(g => g.UserId == userId).Select(g => g.CaseId).ToListAsync(ct) : [];
        return new CaseScope(userId, readAll, teamRoles, teams, canEdit, granted);
    }

    public async Task<IQueryable<DeathCase>> VisibleAsync(CancellationToken ct = default) => Visible(db, await ScopeAsync(ct));

    /// <summary>The cases a scope may read, as a query (also used by the case-list benchmark).</summary>
    public static IQueryable<DeathCase> Visible(VigilDbContext db, CaseScope s)
    {
        if (s.ReadAll) return db.Cases;
        if (!s.TeamScoped) return db.Cases.Where(_ => false);
        // Shapes the planner can serve from the (team, found_at) index: one team is an equality, no grants no OR.
        var teams = s.TeamIds;
        var granted = s.GrantedCaseIds ?? [];
        if (granted.Count == 0)
            return teams.Count == 1 ? db.Cases.Where(c => c.TeamId == teams[0]) : db.Cases.Where(c => teams.Contains(c.TeamId));
        return db.Cases.Where(c => teams.Contains(c.TeamId) || granted.Contains(c.Id));
    }

    /// <summary>The case if the user may read it, else null (callers answer 404).</summary>
    public async Task<DeathCase?> FindReadableAsync(Guid id, CancellationToken ct = default) =>
        await (await VisibleAsync(ct)).FirstOrDefaultAsync(c => c.Id == id, ct);

    public async Task<bool> CanReadAsync(Guid caseId, CancellationToken ct = default) =>
        await (await VisibleAsync(ct)).AnyAsync(c => c.Id == caseId, ct);

    /// <summary>Editing needs an editing role and the case in the user's own teams or grants; analysts and
    /// reviewers read everything but change nothing.</summary>
    public async Task<bool> CanEditAsync(DeathCase c, CancellationToken ct = default)
    {
        var s = await ScopeAsync(ct);
        if (!s.CanEdit) return false;
        return s.TeamIds.Contains(c.TeamId) || (s.GrantedCaseIds ?? []).Contains(c.Id);
    }

    public async Task<bool> CanCreateInTeamAsync(Guid teamId, CancellationToken ct = default)
    {
        var s = await ScopeAsync(ct);
        return s.CanEdit && s.TeamIds.Contains(teamId);
    }
}

/// <summary>What one user may see: everything, or their teams' cases plus cases granted to them.</summary>
public sealed record CaseScope(string UserId, bool ReadAll, bool TeamScoped, IReadOnlyList<Guid> TeamIds, bool CanEdit, IReadOnlyList<Guid>? GrantedCaseIds = null);
