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
    /// pages that name who did something where a record keeps the login (decisions, work lists). One statement, and
    /// none for the user names this request has asked already: the case page's timeline asks first for every officer
    /// its records name, and its panels then find theirs answered (ADR 3253).</summary>
    public async Task<Dictionary<string, string>> NamesAsync(IEnumerable<string?> userNames, CancellationToken ct)
    {
        var wanted = userNames.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var missing = wanted.Where(w => !looked.ContainsKey(w)).ToList();
        if (missing.Count > 0)
        {
            var found = await db.Users.AsNoTracking().Where(u => missing.Contains(u.UserName!)).Select(u => new { u.UserName, u.DisplayName }).ToListAsync(ct);
            foreach (var m in missing) looked[m] = null;
            foreach (var u in found) looked[u.UserName!] = string.IsNullOrWhiteSpace(u.DisplayName) ? u.UserName! : u.DisplayName;
        }
        return wanted.Where(w => looked[w] is not null).ToDictionary(w => w, w => looked[w]!, StringComparer.Ordinal);
    }

    /// <summary>The same for a page that knows the case's officers already (<paramref name="team"/>: an editor's page lists
    /// them for allocation): only anyone else named (a reader's page, an officer since moved or disabled) is looked up.</summary>
    public async Task<Dictionary<string, string>> NamesAsync(IReadOnlyList<OfficerChoice> team, IEnumerable<string?> userNames, CancellationToken ct)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var o in team) names[o.UserName] = o.DisplayName.Length > 0 ? o.DisplayName : o.UserName;
        foreach (var (userName, name) in await NamesAsync(userNames.OfType<string>().Where(n => !names.ContainsKey(n)), ct)) names[userName] = name;
        return names;
    }

    // The user names this request looked up, each with its name (null: no such user).
    private readonly Dictionary<string, string?> looked = new(StringComparer.Ordinal);

    /// <summary>The login a recorded "by" names: a bare user name as most records keep it, or the user name that ends an
    /// audit actor ("user:{id}:{login}", "token:{token}:{id}:{login}"); null for anything else (the enquiry rules, a
    /// family member's own words, the command line).</summary>
    public static string? LoginIn(string? recorded) => recorded switch
    {
        null or "" => null,
        _ when recorded.StartsWith("user:", StringComparison.Ordinal) || recorded.StartsWith("token:", StringComparison.Ordinal) => recorded[(recorded.LastIndexOf(':') + 1)..],
        _ when recorded.Contains(':', StringComparison.Ordinal) || recorded.Any(char.IsWhiteSpace) => null,
        _ => recorded,
    };

    /// <summary>The officer a typed or picked name means: their user name, or their full name exactly (any case).</summary>
    public static OfficerChoice? Find(IReadOnlyList<OfficerChoice> officers, string? named)
    {
        var name = named?.Trim();
        if (string.IsNullOrEmpty(name)) return null;
        return officers.FirstOrDefault(o => string.Equals(o.UserName, name, StringComparison.OrdinalIgnoreCase))
            ?? officers.FirstOrDefault(o => string.Equals(o.DisplayName, name, StringComparison.OrdinalIgnoreCase));
    }
}
