namespace Vigil.Web.Features.Linkage;

/// <summary>Who is told when a case joins a linked series: investigators and supervisors of the case's team,
/// and anyone granted the case individually.</summary>
public static class LinkageRecipients
{
    public sealed record Recipient(string UserId, Guid? TeamId, Guid? CaseId);

    public static async Task<List<Recipient>> InvestigatorsAsync(VigilDbContext db, List<Guid> teamIds, List<Guid> caseIds, CancellationToken ct)
    {
        string[] roles = [Roles.Investigator, Roles.Supervisor];
        var roleIds = await db.Roles.Where(r => roles.Contains(r.Name!)).Select(r => r.Id).ToListAsync(ct);
        var officers = db.UserRoles.Where(ur => roleIds.Contains(ur.RoleId)).Select(ur => ur.UserId);
        var byTeam = await db.UserTeams.Where(t => teamIds.Contains(t.TeamId) && officers.Contains(t.UserId))
            .Select(t => new Recipient(t.UserId, t.TeamId, null)).ToListAsync(ct);
        var byGrant = await db.CaseGrants.Where(g => caseIds.Contains(g.CaseId) && officers.Contains(g.UserId))
            .Select(g => new Recipient(g.UserId, null, g.CaseId)).ToListAsync(ct);
        return [.. byTeam, .. byGrant];
    }
}
