namespace Vigil.Web.Features.Cases;

/// <summary>An officer an action can be allocated to, as the picker shows them.</summary>
public sealed record OfficerChoice(string UserName, string DisplayName, string UserId = "")
{
    public string Label => DisplayName.Length > 0 && !string.Equals(DisplayName, UserName, StringComparison.Ordinal) ? $"{DisplayName} ({UserName})" : UserName;
}

/// <summary>Who an action on a case can be allocated to, and who can be its officer in charge: the active investigators and supervisors of the case's team
/// and anyone granted the case. Only they see it in their work list, so a free-text name that is no one's ("DC Smith")
/// would leave the action with nobody (issue 9.3): allocation names one of them.</summary>
public sealed class CaseOfficers(VigilDbContext db)
{
    public async Task<IReadOnlyList<OfficerChoice>> ForCaseAsync(Guid caseId, CancellationToken ct)
    {
        var team = db.Cases.Where(c => c.Id == caseId).Select(c => c.TeamId);
        var roles = db.Roles.Where(r => r.Name == Roles.Investigator || r.Name == Roles.Supervisor).Select(r => r.Id);
        var onTeam = db.UserTeams.Where(t => team.Contains(t.TeamId)).Select(t => t.UserId);
        var granted = db.CaseGrants.Where(g => g.CaseId == caseId).Select(g => g.UserId);
        return await db.Users.AsNoTracking()
            .Where(u => !u.Disabled && (onTeam.Contains(u.Id) || granted.Contains(u.Id)) && db.UserRoles.Any(ur => ur.UserId == u.Id && roles.Contains(ur.RoleId)))
            .OrderBy(u => u.DisplayName).ThenBy(u => u.UserName)
            .Select(u => new OfficerChoice(u.UserName!, u.DisplayName, u.Id)).ToListAsync(ct);
    }

    /// <summary>The officer a typed or picked name means: their user name, or their full name exactly (any case).</summary>
    public static OfficerChoice? Find(IReadOnlyList<OfficerChoice> officers, string? named)
    {
        var name = named?.Trim();
        if (string.IsNullOrEmpty(name)) return null;
        return officers.FirstOrDefault(o => string.Equals(o.UserName, name, StringComparison.OrdinalIgnoreCase))
            ?? officers.FirstOrDefault(o => string.Equals(o.DisplayName, name, StringComparison.OrdinalIgnoreCase));
    }
}
