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
    private (Guid CaseId, IReadOnlyList<OfficerChoice> Officers)? asked;

    /// <summary>Read once a request for a case (ADR 3200): a supervisor's case page asked it twice, for the officer in
    /// charge's form and for the actions panel's allocation. Nothing in a request changes who works on a team between
    /// the two.</summary>
    public async Task<IReadOnlyList<OfficerChoice>> ForCaseAsync(Guid caseId, CancellationToken ct)
    {
        if (asked is { } known && known.CaseId == caseId) return known.Officers;
        var officers = await ForCase.For(db)(db, caseId).ToListAsync(ct);
        asked = (caseId, officers);
        return officers;
    }

    /// <summary>Compiled once (ADR 2311): the case page asks for every officer who may edit. The same statement as
    /// the composed query it replaces.</summary>
    private static readonly Hosting.CompiledPerModel<Func<VigilDbContext, Guid, IAsyncEnumerable<OfficerChoice>>> ForCase = new(() =>
        EF.CompileAsyncQuery((VigilDbContext db, Guid caseId) => db.Users.AsNoTracking()
            .Where(u => !u.Disabled
                && (db.UserTeams.Where(t => db.Cases.Where(c => c.Id == caseId).Select(c => c.TeamId).Contains(t.TeamId)).Select(t => t.UserId).Contains(u.Id)
                    || db.CaseGrants.Where(g => g.CaseId == caseId).Select(g => g.UserId).Contains(u.Id))
                && db.UserRoles.Any(ur => ur.UserId == u.Id
                    && db.Roles.Where(r => r.Name == Roles.Investigator || r.Name == Roles.Supervisor).Select(r => r.Id).Contains(ur.RoleId)))
            .OrderBy(u => u.DisplayName).ThenBy(u => u.UserName)
            .Select(u => new OfficerChoice(u.UserName!, u.DisplayName, u.Id))));

    /// <summary>The names the officers with these user names go by (a display name left empty: the user name), for
    /// pages that name who did something where a record keeps the login (decisions, work lists). One statement.</summary>
    public async Task<Dictionary<string, string>> NamesAsync(IEnumerable<string?> userNames, CancellationToken ct)
    {
        var wanted = userNames.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0) return new(StringComparer.Ordinal);
        var found = await db.Users.AsNoTracking().Where(u => wanted.Contains(u.UserName!)).Select(u => new { u.UserName, u.DisplayName }).ToListAsync(ct);
        return found.ToDictionary(u => u.UserName!, u => string.IsNullOrWhiteSpace(u.DisplayName) ? u.UserName! : u.DisplayName, StringComparer.Ordinal);
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
