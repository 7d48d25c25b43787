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
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        var readAll = AccessPolicy.ReadAllRoles.Any(user.IsInRole);
        var teamRoles = user.IsInRole(Roles.Investigator) || user.IsInRole(Roles.Supervisor) || user.IsInRole(Roles.FamilyLiaison);
        var teams = teamRoles
            ? await db.UserTeams.Where(t => t.UserId == userId).Select(t => t.TeamId).ToListAsync(ct)
            : [];
        var canEdit = user.IsInRole(Roles.Investigator) || user.IsInRole(Roles.Supervisor);
        scope = new CaseScope(userId, readAll, teamRoles, teams, canEdit);
        return scope;
    }

    public async Task<IQueryable<DeathCase>> VisibleAsync(CancellationToken ct = default) => Visible(db, await ScopeAsync(ct));

    /// <summary>The cases a scope may read, as a query (also used by the case-list benchmark).</summary>
    public static IQueryable<DeathCase> Visible(VigilDbContext db, CaseScope s)
    {
        if (s.ReadAll) return db.Cases;
        if (!s.TeamScoped) return db.Cases.Where(_ => false);
        var teams = s.TeamIds;
        var uid = s.UserId;
        return db.Cases.Where(c => teams.Contains(c.TeamId) || db.CaseGrants.Any(g => g.CaseId == c.Id && g.UserId == uid));
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
        if (s.TeamIds.Contains(c.TeamId)) return true;
        return await db.CaseGrants.AnyAsync(g => g.CaseId == c.Id && g.UserId == s.UserId, ct);
    }

    public async Task<bool> CanCreateInTeamAsync(Guid teamId, CancellationToken ct = default)
    {
        var s = await ScopeAsync(ct);
        return s.CanEdit && s.TeamIds.Contains(teamId);
    }
}

public sealed record CaseScope(string UserId, bool ReadAll, bool TeamScoped, IReadOnlyList<Guid> TeamIds, bool CanEdit);
