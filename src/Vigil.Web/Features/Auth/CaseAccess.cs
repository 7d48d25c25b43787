using Vigil.Web.Hosting;

namespace Vigil.Web.Features.Auth;

/// <summary>Which cases a user may see, change, create, import and liaise on: the one place that decides whether a
/// principal may touch a case. Every case query and every write path (forms, API, import) goes through here, so a
/// case outside a user's scope answers 404 everywhere (not 403: its existence is not disclosed). CLI verbs act as the
/// operator of the store, not for a user (ADR 0501).</summary>
public sealed class CaseAccess(VigilDbContext db, IHttpContextAccessor http)
{
    private CaseScope? scope;

    public async Task<CaseScope> ScopeAsync(CancellationToken ct = default)
    {
        if (scope is not null) return scope;
        var user = http.HttpContext?.User ?? new ClaimsPrincipal();
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        return scope = await ScopeForAsync(db, id, user.IsInRole, ct, RequestUser.Of(http.HttpContext, id));
    }

    /// <summary>The scope of a user outside a request (a watched search run when a death is saved), from their roles.</summary>
    public static async Task<CaseScope> ScopeForUserAsync(VigilDbContext db, string userId, CancellationToken ct)
    {
        var roles = await db.UserRoles.Where(ur => ur.UserId == userId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToListAsync(ct);
        return await ScopeForAsync(db, userId, roles.Contains, ct);
    }

    private static async Task<CaseScope> ScopeForAsync(VigilDbContext db, string userId, Func<string, bool> isInRole, CancellationToken ct,
        RequestUser? read = null)
    {
        var (readAll, teamRoles) = Reach(isInRole);
        var canImport = AccessPolicy.RolesFor[Policies.ImportCases].Any(isInRole);
        // Memberships matter for reading (team roles) and for importing into a team (which administrators may do).
        // Read with the user by this request's sign-in check when it could (ADR 2433), else here.
        var (memberOf, granted) = read is not null
            ? ((List<Guid>)[.. teamRoles || canImport ? read.Teams : []], (List<Guid>)[.. teamRoles ? read.Grants : []])
            : await MembershipsAsync(db, userId, teamRoles || canImport, teamRoles, ct);
        var canEdit = AccessPolicy.RolesFor[Policies.EditCases].Any(isInRole);
        return new CaseScope(userId, readAll, teamRoles, teamRoles ? memberOf : [], canEdit, granted)
        {
            CanImport = canImport, MemberOf = memberOf, CanLiaise = AccessPolicy.RolesFor[Policies.Liaise].Any(isInRole),
            CanSupervise = AccessPolicy.RolesFor[Policies.Supervise].Any(isInRole),
        };
    }

    /// <summary>How far a user's roles read: every case, or (team roles) the cases of their teams and grants; else none.</summary>
    public static (bool ReadAll, bool TeamScoped) Reach(Func<string, bool> isInRole) =>
        (AccessPolicy.ReadAllRoles.Any(isInRole), isInRole(Roles.Investigator) || isInRole(Roles.Supervisor) || isInRole(Roles.FamilyLiaison));

    /// <summary>The user's teams and granted cases in one statement when both are wanted (nearly every request reads
    /// its scope: ADR 2132), else only the one wanted. Compiled (ADR 2311).</summary>
    private static async Task<(List<Guid> Teams, List<Guid> Grants)> MembershipsAsync(VigilDbContext db, string userId, bool teams, bool grants, CancellationToken ct)
    {
        var rows = (teams, grants) switch
        {
            (true, true) => await TeamsAndGrants.For(db)(db, userId).ToListAsync(ct),
            (true, false) => await TeamsOnly.For(db)(db, userId).ToListAsync(ct),
            (false, true) => await GrantsOnly.For(db)(db, userId).ToListAsync(ct),
            _ => [],
        };
        return (rows.Where(r => !r.Grant).Select(r => r.Id).ToList(), rows.Where(r => r.Grant).Select(r => r.Id).ToList());
    }

    private sealed record Membership(Guid Id, bool Grant);

    private static readonly CompiledPerModel<Func<VigilDbContext, string, IAsyncEnumerable<Membership>>> TeamsAndGrants = new(() =>
        EF.CompileAsyncQuery((VigilDbContext db, string userId) => db.UserTeams.Where(t => t.UserId == userId).Select(t => new { Id = t.TeamId, Grant = false })
            .Concat(db.CaseGrants.Where(g => g.UserId == userId).Select(g => new { Id = g.CaseId, Grant = true }))
            // The union is of anonymous rows (EF maps their members to columns); the record only after it.
            .Select(r => new Membership(r.Id, r.Grant))));

    private static readonly CompiledPerModel<Func<VigilDbContext, string, IAsyncEnumerable<Membership>>> TeamsOnly = new(() =>
        EF.CompileAsyncQuery((VigilDbContext db, string userId) => db.UserTeams.Where(t => t.UserId == userId).Select(t => new Membership(t.TeamId, false))));

    private static readonly CompiledPerModel<Func<VigilDbContext, string, IAsyncEnumerable<Membership>>> GrantsOnly = new(() =>
        EF.CompileAsyncQuery((VigilDbContext db, string userId) => db.CaseGrants.Where(g => g.UserId == userId).Select(g => new Membership(g.CaseId, true))));

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

    /// <summary>The case if the user may read it, else null (callers answer 404). Compiled (ADR 2561): the actions and
    /// transitions routes ask it on every request.</summary>
    public Task<DeathCase?> FindReadableAsync(Guid id, CancellationToken ct = default) => LoadReadableAsync(id, ById, ct);

    private static readonly CompiledPerModel<Func<VigilDbContext, Guid, CancellationToken, Task<DeathCase?>>> ById = new(() =>
        EF.CompileAsyncQuery((VigilDbContext db, Guid id, CancellationToken ct) => db.Cases.Where(c => c.Id == id).FirstOrDefault()));

    /// <summary>One case by its id, read by <paramref name="load"/> (a compiled query with the includes its callers
    /// want: ADR 2561), if the user may read it, else null. The statement asks for the id alone and the scope is
    /// checked on the row (<see cref="CaseScope.CanRead"/>, the same rule as <see cref="Visible"/>): with the team in
    /// the statement too, PostgreSQL planned a team it had no statistics for as one row and scanned the team's cases
    /// for the id (ADR 2133).</summary>
    public Task<DeathCase?> LoadReadableAsync(Guid id, CompiledPerModel<Func<VigilDbContext, Guid, CancellationToken, Task<DeathCase?>>> load,
        CancellationToken ct = default) => LoadReadableAsync(id, load, c => c, ct);

    /// <summary>As the overload above, for a statement that reads more than the case with it (<paramref name="caseOf"/> finds the case in its answer; the
    /// case page's panel tables, ADR 3199): the whole answer, or null when the user may not read the case.</summary>
    public async Task<T?> LoadReadableAsync<T>(Guid id, CompiledPerModel<Func<VigilDbContext, Guid, CancellationToken, Task<T?>>> load,
        Func<T, DeathCase> caseOf, CancellationToken ct = default) where T : class
    {
        var s = await ScopeAsync(ct);
        if (!s.ReadAll && !s.TeamScoped) return null;
        var read = await load.For(db)(db, id, ct);
        return read is not null && caseOf(read) is var c && s.CanRead(c.Id, c.TeamId) ? read : null;
    }

    public async Task<bool> CanReadAsync(Guid caseId, CancellationToken ct = default)
    {
        var s = await ScopeAsync(ct);
        if (s.ReadAll) return await db.Cases.AnyAsync(c => c.Id == caseId, ct);
        if (!s.TeamScoped) return false;
        var teamId = await db.Cases.Where(c => c.Id == caseId).Select(c => (Guid?)c.TeamId).FirstOrDefaultAsync(ct);
        return teamId is { } team && s.CanRead(caseId, team);
    }

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

    /// <summary>An import creates and updates the cases of ONE team, matched on (team, source, ref): the caller must
    /// hold an importing role and be a member of that team. An administrator imports only into a team they were
    /// explicitly made a member of, and reads nothing through it (ADR 0501).</summary>
    public async Task<bool> CanImportIntoTeamAsync(Guid teamId, CancellationToken ct = default)
    {
        var s = await ScopeAsync(ct);
        return s.CanImport && s.MemberOf.Contains(teamId);
    }

    /// <summary>Naming a case's officer in charge is for a supervisor of the case's own team: a grant lets an officer
    /// work one case, not direct who leads it (ADR 1401).</summary>
    public async Task<bool> CanNameOfficerInChargeAsync(DeathCase c, CancellationToken ct = default)
    {
        var s = await ScopeAsync(ct);
        return s.CanSupervise && s.CanEdit && s.TeamIds.Contains(c.TeamId);
    }

    /// <summary>How an officer who may edit the case may answer a pending override request: the one rule behind the
    /// API's sign and decline and the case page's buttons (ADR 0505, 1402, 1631). Only a supervisor answers. The
    /// officer who asked and the officer in charge may decline (withdraw or refuse) but never sign: the signature is
    /// a second, independent view.</summary>
    public static OverrideAnswer AnswerOverride(Vigil.Web.Features.Enquiries.Officer by, string requestedBy, string? officerInCharge)
    {
        if (!by.IsSupervisor)
            return new(Refusal.Forbidden("Only a supervisor can sign an override."), Refusal.Forbidden("Only a supervisor can decline an override."));
        if (string.Equals(requestedBy, by.UserName, StringComparison.OrdinalIgnoreCase))
            return new(Refusal.Conflict("You asked for this override: another supervisor must sign it."), null);
        return string.Equals(officerInCharge, by.UserName, StringComparison.OrdinalIgnoreCase)
            ? new(Refusal.Conflict("You are the officer in charge of this case: a supervisor who is not signs its overrides."), null)
            : new(null, null);
    }

    /// <summary>The family file: a role that deals with families (ADR 0301) and the case in that role's own reach, its
    /// teams or a grant. A role that reads every case (analyst, reviewer) held beside it does not widen the family file
    /// to every team's: before, such an account read, wrote and downloaded every family's (ADR 3234).</summary>
    public async Task<bool> CanLiaiseAsync(Guid caseId, CancellationToken ct = default)
    {
        var s = await ScopeAsync(ct);
        if (!s.CanLiaise) return false;
        var teamId = await db.Cases.Where(c => c.Id == caseId).Select(c => (Guid?)c.TeamId).FirstOrDefaultAsync(ct);
        return teamId is { } team && s.MayLiaise(caseId, team);
    }

    /// <summary>Whether the family's entries of a case the user reads (contacts, questions, disclosures, members, uploads)
    /// are shown in the case's other views: as-known and its diff, the PDFs, the missed-opportunity report, the timeline,
    /// the audit trail, the case page's link to the file. The family file's own reach (<see cref="CanLiaiseAsync"/>), not
    /// a liaison role with the case readable: an analyst or reviewer account holding a liaison role beside it reads other
    /// teams' cases without their families, as the analyst or reviewer alone does (ADR 3239). A statement only for such a
    /// combined account: a team-scoped reader reads only cases of its teams and grants, its liaison reach.</summary>
    public async Task<bool> ShowsFamilyOfAsync(Guid caseId, CancellationToken ct = default)
    {
        var s = await ScopeAsync(ct);
        if (!s.CanLiaise) return false;
        return !s.ReadAll || await CanLiaiseAsync(caseId, ct);
    }

    /// <summary>Those of <paramref name="cases"/> (cases the user reads) whose family's entries the user may see: the rule
    /// of <see cref="ShowsFamilyOfAsync"/> as a query, for the lists that show a family's questions and tasks beside
    /// other work (the supervisor's and the officer in charge's work lists). For a team-scoped reader the cases as given,
    /// so their statements are unchanged; for an account that reads every case beside a liaison role, only its liaison
    /// reach's (ADR 3239; sec55: a supervisor who was also an analyst listed every team's family questions).</summary>
    public async Task<IQueryable<DeathCase>> FamilyShownAsync(IQueryable<DeathCase> cases, CancellationToken ct = default)
    {
        var s = await ScopeAsync(ct);
        if (!s.CanLiaise) return cases.Where(_ => false);
        if (!s.ReadAll) return cases;
        var reach = Visible(db, s with { ReadAll = false }).Select(c => c.Id);
        return cases.Where(c => reach.Contains(c.Id));
    }

    /// <summary>The cases whose family file the user may open (<see cref="CanLiaiseAsync"/>): the liaison lists' cases.</summary>
    public async Task<IQueryable<DeathCase>> LiaisonVisibleAsync(CancellationToken ct = default) =>
        await ScopeAsync(ct) is { CanLiaise: true } s ? Visible(db, s with { ReadAll = false }) : db.Cases.Where(_ => false);
}

/// <summary>What one user may see: everything, or their teams' cases plus cases granted to them.</summary>
public sealed record CaseScope(string UserId, bool ReadAll, bool TeamScoped, IReadOnlyList<Guid> TeamIds, bool CanEdit, IReadOnlyList<Guid>? GrantedCaseIds = null)
{
    public bool CanImport { get; init; }
    public bool CanLiaise { get; init; }
    /// <summary>Holds a supervising role (names officers in charge, signs overrides of cases in scope).</summary>
    public bool CanSupervise { get; init; }
    /// <summary>Every team the user is a member of, whatever their role (TeamIds are the teams whose cases they read).</summary>
    public IReadOnlyList<Guid> MemberOf { get; init; } = [];

    /// <summary>Whether the case with this id and team is one <see cref="CaseAccess.Visible"/> lists for this scope.</summary>
    public bool CanRead(Guid caseId, Guid teamId) =>
        ReadAll || (TeamScoped && (TeamIds.Contains(teamId) || (GrantedCaseIds ?? []).Contains(caseId)));

    /// <summary>Whether the family file of the case with this id and team is in reach: a liaison role, and the case in its
    /// teams or grants, whatever else the user reads (ADR 3234).</summary>
    public bool MayLiaise(Guid caseId, Guid teamId) =>
        CanLiaise && TeamScoped && (TeamIds.Contains(teamId) || (GrantedCaseIds ?? []).Contains(caseId));
}

/// <summary>What one officer may do with one pending override: each refusal is null when they may (see
/// <see cref="CaseAccess.AnswerOverride"/>).</summary>
public sealed record OverrideAnswer(Refusal? WhyNotSign, Refusal? WhyNotDecline)
{
    public bool MaySign => WhyNotSign is null;
    public bool MayDecline => WhyNotDecline is null;
}
