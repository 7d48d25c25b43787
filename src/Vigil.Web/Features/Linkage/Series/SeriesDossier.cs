namespace Vigil.Web.Features.Linkage.Series;

/// <summary>A series member as the reader may see it. <see cref="StatusChangedAt"/>: when it last changed status (lapsed,
/// proposed again, decided), null while it has the status it was added with (ADR 3149). <see cref="DecidedByName"/>: who
/// decided it, by the name they go by (the recorded user id where it is no one's now). <see cref="ReasonsInWords"/>: the
/// engine's <see cref="Reasons"/> as the series page says them (the API's; ADR 3254).</summary>
public sealed record MemberRow(Guid CaseId, string Reference, string? Name, int? Age, string? Sex, DateTime FoundAt, string? Area,
    string? Setting, string? Cause, string Status, string Evidence, double Probability, string Reasons,
    DateTime AddedAt, string AddedBy, DateTime? DecidedAt, string? DecidedBy, string? DecisionReason, DateTime? StatusChangedAt = null,
    string? DecidedByName = null, string ReasonsInWords = "");

/// <summary>A pair decision between two members (confirm/reject with its reason).</summary>
public sealed record PairDecisionRow(string NewerRef, string EarlierRef, bool Confirmed, string Reason, string DecidedBy, DateTime DecidedAt);

/// <summary>A "review linked series" action on a member case, as the case page says it (walk53 finding 17): its number
/// (A10), title, whether it is overdue, and the officer allocated by name (<paramref name="AllocatedName"/>, null when the
/// login is no one's now or the user has no full name; the login is then shown).</summary>
public sealed record ReviewActionRow(Guid CaseId, string CaseReference, int Number, string Title, string Status, DateTime DueAt,
    bool Overdue, string? AllocatedTo, string? AllocatedName)
{
    public string Label => $"A{Number}";
}

/// <summary>A member death as a link.</summary>
public sealed record MemberLink(Guid CaseId, string Reference);

/// <summary>What an officer is on some of the deaths: a role of the team ("investigator") or "granted access".</summary>
public sealed record OfficerPart(string Role, IReadOnlyList<MemberLink> Deaths);

/// <summary>An officer involved, once, with their deaths (walk53 finding 18: one line per officer and death).</summary>
public sealed record OfficerRow(string Name, IReadOnlyList<OfficerPart> Parts);

/// <summary>An audit entry of the series or one of its visible members, said as the case's audit history says it
/// (<paramref name="Who"/> by <see cref="Audit.AuditActor.Say"/>, <paramref name="What"/> in words; walk53 finding 10), the
/// recorded actor, action and type kept for the cells' titles.</summary>
public sealed record SeriesAuditRow(DateTime At, string Actor, string Who, string Action, string EntityType, string What);

/// <summary>Everything the series page shows, restricted to the reader: members in order (other teams' deaths counted,
/// not named), what the visible members share, decisions with reasons, the review actions, the officers involved and
/// the series' own audit.</summary>
public sealed record SeriesDossier(LinkedSeries Series, IReadOnlyList<MemberRow> Members, int HiddenMembers,
    IReadOnlyList<SharedFeature> Shared, IReadOnlyList<PairDecisionRow> Decisions, IReadOnlyList<ReviewActionRow> Reviews,
    IReadOnlyList<OfficerRow> Officers, IReadOnlyList<SeriesAuditRow> Audit, bool FullyVisible, bool CanDecide)
{
    /// <summary>The visible deaths' own spellings of the engine's keys (areas, causes, substances), for
    /// <see cref="Alerts.ExplanationWords.Say"/> (ADR 3225).</summary>
    public IReadOnlyList<string?> Recorded { get; init; } = [];
}

/// <summary>Loads a <see cref="SeriesDossier"/> for the current user, or null when the series does not exist for them:
/// a candidate series needs linkage reading and every death visible; a confirmed one needs one visible member.</summary>
public sealed class SeriesDossiers(VigilDbContext db, CaseAccess access, LinkageAccess linkage, IAuthorizationService authorization, IHttpContextAccessor http,
    TimeProvider clock)
{
    public async Task<SeriesDossier?> LoadAsync(Guid id, CancellationToken ct)
    {
        var series = await db.Series().AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (series is null) return null;
        var user = http.HttpContext?.User ?? new ClaimsPrincipal();
        var readsLinkage = (await authorization.AuthorizeAsync(user, Policies.ReadLinkage)).Succeeded;
        var whole = await linkage.WholeSeriesAsync([id], ct);
        var fullyVisible = whole.Proposed.Contains(id);
        // The words: a member rejected later may still be quoted in them, so every member counts (ADR 3114).
        var wordsVisible = whole.All.Contains(id);
        if (series.Status == SeriesStatus.Candidate && !(readsLinkage && fullyVisible)) return null;
        var rows = await db.SeriesMembers().AsNoTracking().Where(m => m.SeriesId == id).ToListAsync(ct);
        // Only linkage readers see proposals; everyone else sees the confirmed members.
        var shown = rows.Where(m => readsLinkage || m.Status == MemberStatus.Confirmed).ToList();
        var caseIds = shown.Select(m => m.CaseId).ToList();
        var cases = await (await access.VisibleAsync(ct)).AsNoTracking().Include(c => c.People).Include(c => c.Toxicology).AsSplitQuery()
            .Where(c => caseIds.Contains(c.Id)).ToListAsync(ct);
        if (cases.Count == 0) return null;
        var byId = cases.ToDictionary(c => c.Id);
        var members = shown.Where(m => byId.ContainsKey(m.CaseId)).Select(m => Row(m, byId[m.CaseId])).OrderBy(m => m.FoundAt).ToList();
        var hidden = shown.Count(m => m.Status == MemberStatus.Confirmed && !byId.ContainsKey(m.CaseId));
        if (!wordsVisible)
        {
            // The engine's words compare deaths and quote their people by name ("finder 'A' and finder 'B'"): with a death
            // of the series outside the reader's scope they may be quoting it (ADR 2804), and so may the analyst's reason
            // for deciding a member (ADR 2901, as on the members' audit trails), and so may a pair decision's reason between
            // two deaths the reader may read (ADR 3114). Read untracked: never saved.
            series.Summary = "";
            members = [.. members.Select(m => m with { Reasons = "", DecisionReason = null })];
        }
        var canDecide = fullyVisible && (await authorization.AuthorizeAsync(user, Policies.Analyse)).Succeeded;
        var (decisions, deciders) = await DecisionsAsync(byId, members, wordsVisible, ct);
        members = [.. members.Select(m => m.DecidedBy is { } by ? m with { DecidedByName = deciders.GetValueOrDefault(by, by) } : m)];
        return new SeriesDossier(series, members, hidden,
            SharedFeatures.Of(cases.Where(c => members.Any(m => m.CaseId == c.Id && m.Status != MemberStatus.Rejected)).ToList()),
            decisions, await ReviewsAsync(series, byId, ct), await OfficersAsync(byId, ct),
            await AuditAsync(series, rows.Where(r => byId.ContainsKey(r.CaseId)).ToList(), byId, ct), fullyVisible, canDecide)
        {
            Recorded = wordsVisible ? Alerts.ExplanationWords.RecordedIn(cases) : [],
        };
    }

    /// <summary>The members of a series this reader may know of, as case ids, or null when the series does not exist for
    /// them: the rule of <see cref="LoadAsync"/> for the views that draw a series (chart, timeline, report): a candidate series
    /// only for the queue's readers who may read every death in it; of a confirmed series, its confirmed members for
    /// anyone and, for the queue's readers, the proposed and rejected members they may read too (ADR 0402, 0706, 2802).
    /// A view counting what it leaves out then counts the confirmed members outside the reader's access, as the series
    /// page does: never another team's proposal or rejection (ADR 3133).</summary>
    public async Task<IQueryable<Guid>?> MembersShownAsync(Guid id, CancellationToken ct)
    {
        var status = await db.Series().Where(s => s.Id == id).Select(s => s.Status).FirstOrDefaultAsync(ct);
        if (status is null) return null;
        var readsLinkage = (await authorization.AuthorizeAsync(http.HttpContext?.User ?? new ClaimsPrincipal(), Policies.ReadLinkage)).Succeeded;
        if (status == SeriesStatus.Candidate && !(readsLinkage && (await linkage.FullyVisibleSeriesAsync([id], ct)).Contains(id))) return null;
        var members = db.SeriesMembers().Where(m => m.SeriesId == id);
        if (!readsLinkage) return members.Where(m => m.Status == MemberStatus.Confirmed).Select(m => m.CaseId);
        var visible = await access.VisibleAsync(ct);
        return members.Where(m => m.Status == MemberStatus.Confirmed || visible.Any(c => c.Id == m.CaseId)).Select(m => m.CaseId);
    }

    private static MemberRow Row(LinkedSeriesMember m, DeathCase c) => new(c.Id, c.Reference, c.Deceased.Name, c.Deceased.Age, c.Deceased.Sex,
        c.FoundAt, c.Area, c.Setting, c.CauseOfDeath, m.Status, m.Evidence, m.Probability, m.Reasons, m.AddedAt, m.AddedBy, m.DecidedAt, m.DecidedBy, m.DecisionReason,
        m.StatusChangedAt);

    /// <summary>The pair decisions between the deaths shown, and the names of everyone who decided one of them or a member
    /// (user id → name), read in one statement: the Decisions list says who took each decision (ADR 3241's leftover).</summary>
    private async Task<(List<PairDecisionRow> Pairs, Dictionary<string, string> Names)> DecisionsAsync(Dictionary<Guid, DeathCase> cases,
        IEnumerable<MemberRow> members, bool withReasons, CancellationToken ct)
    {
        var ids = cases.Keys.ToList();
        var decisions = await db.Decisions().AsNoTracking()
            .Join(db.Candidates(), d => d.CandidateId, c => c.Id, (d, c) => new { d, c })
            .Where(x => ids.Contains(x.c.NewerCaseId) && ids.Contains(x.c.EarlierCaseId))
            .OrderBy(x => x.d.DecidedAt).ToListAsync(ct);
        var names = await UserNamesAsync(decisions.Select(x => x.d.DecidedBy).Concat(members.Select(m => m.DecidedBy).OfType<string>()), ct);
        return ([.. decisions.Select(x => new PairDecisionRow(cases[x.c.NewerCaseId].Reference, cases[x.c.EarlierCaseId].Reference, x.d.Confirmed,
            withReasons ? x.d.Reason : "", names.GetValueOrDefault(x.d.DecidedBy, x.d.DecidedBy), x.d.DecidedAt))], names);
    }

    private async Task<List<ReviewActionRow>> ReviewsAsync(LinkedSeries series, Dictionary<Guid, DeathCase> cases, CancellationToken ct)
    {
        var ids = cases.Keys.ToList();
        // The officer's full name in the actions' own statement (a scalar subquery on the users' login), as the case
        // page names the officer of an action: no statement more.
        var actions = await db.CaseActions.AsNoTracking()
            .Where(a => ids.Contains(a.CaseId) && a.Source == "linked-series-review" && a.Title.Contains(series.Reference))
            .OrderBy(a => a.RaisedAt)
            .Select(a => new { Action = a, Name = db.Users.Where(u => a.AllocatedTo != null && u.UserName == a.AllocatedTo).Select(u => u.DisplayName).FirstOrDefault() })
            .ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        return [.. actions.Select(x => new ReviewActionRow(x.Action.CaseId, cases[x.Action.CaseId].Reference, x.Action.Number, x.Action.Title,
            x.Action.Status, x.Action.DueAt, Enquiries.Actions.ActionWorkflow.IsOverdue(x.Action, now), x.Action.AllocatedTo,
            string.IsNullOrEmpty(x.Name) ? null : x.Name))];
    }

    private async Task<List<OfficerRow>> OfficersAsync(Dictionary<Guid, DeathCase> cases, CancellationToken ct)
    {
        string[] roles = [Roles.Investigator, Roles.Supervisor, Roles.FamilyLiaison];
        var teams = cases.Values.Select(c => c.TeamId).Distinct().ToList();
        var ids = cases.Keys.ToList();
        var byTeam = await db.UserTeams.Where(t => teams.Contains(t.TeamId))
            .Join(db.UserRoles, t => t.UserId, ur => ur.UserId, (t, ur) => new { t.UserId, t.TeamId, ur.RoleId })
            .Join(db.Roles.Where(r => roles.Contains(r.Name!)), x => x.RoleId, r => r.Id, (x, r) => new { x.UserId, x.TeamId, Role = r.Name! })
            .Join(db.Users.Where(u => !u.Disabled), x => x.UserId, u => u.Id, (x, u) => new { x.UserId, x.TeamId, x.Role, Name = u.DisplayName == "" ? u.UserName! : u.DisplayName })
            .ToListAsync(ct);
        var byGrant = await db.CaseGrants.Where(g => ids.Contains(g.CaseId))
            .Join(db.Users, g => g.UserId, u => u.Id, (g, u) => new { g.UserId, g.CaseId, Name = u.DisplayName == "" ? u.UserName! : u.DisplayName }).ToListAsync(ct);
        var deaths = cases.Values.OrderBy(c => c.FoundAt).ToList();
        var lines = deaths.SelectMany(c =>
            byTeam.Where(o => o.TeamId == c.TeamId).Select(o => (o.UserId, o.Name, Role: Words(o.Role), Rank: Array.IndexOf(roles, o.Role), Death: c))
                .Concat(byGrant.Where(g => g.CaseId == c.Id).Select(g => (g.UserId, g.Name, Role: "granted access", Rank: roles.Length, Death: c))));
        // Each officer once (walk53 finding 18: 12 lines for 3 people), each of their roles with its deaths in the order found;
        // the officers by their first role (investigators, supervisors, FLOs, then grants), then by name.
        return [.. lines.GroupBy(l => l.UserId)
            .Select(g => (Rank: g.Min(l => l.Rank), Row: new OfficerRow(g.First().Name, [.. g.GroupBy(l => (l.Role, l.Rank)).OrderBy(r => r.Key.Rank)
                .Select(r => new OfficerPart(r.Key.Role, [.. r.Select(l => new MemberLink(l.Death.Id, l.Death.Reference)).DistinctBy(d => d.CaseId)]))])))
            .OrderBy(o => o.Rank).ThenBy(o => o.Row.Name, StringComparer.OrdinalIgnoreCase).Select(o => o.Row)];
    }

    private static string Words(string role) => role switch
    {
        Roles.FamilyLiaison => "family liaison officer",
        _ => role,
    };

    private async Task<List<SeriesAuditRow>> AuditAsync(LinkedSeries series, List<LinkedSeriesMember> members, Dictionary<Guid, DeathCase> cases, CancellationToken ct)
    {
        var seriesKey = series.Id.ToString();
        var memberKeys = members.Select(m => m.Id.ToString()).ToList();
        // Who as the case's audit history says it (ADR 3225): the names behind each actor read in the entries' own statement.
        var entries = await db.AuditEntries.AsNoTracking()
            .Where(a => (a.EntityType == nameof(LinkedSeries) && a.EntityId == seriesKey) || (a.EntityType == nameof(LinkedSeriesMember) && memberKeys.Contains(a.EntityId)))
            .OrderBy(a => a.Sequence).Take(500)
            .Select(Audit.AuditActor.Inline<Func<AuditEntry, ActorLine>>(a => new ActorLine(a.At, a.Actor, a.Action, a.EntityType, a.EntityId, Audit.AuditActor.Of(db, a.Actor))))
            .ToListAsync(ct);
        var memberDeaths = members.ToDictionary(m => m.Id.ToString(), m => cases[m.CaseId].Reference, StringComparer.OrdinalIgnoreCase);
        return [.. entries.Select(a => new SeriesAuditRow(a.At, a.Actor, Audit.AuditActor.Say(a.Actor, a.Names), a.Action, a.EntityType,
            Audit.AuditWords.What(a.Action, a.EntityType) + (a.EntityType == nameof(LinkedSeriesMember) && memberDeaths.TryGetValue(a.EntityId, out var death) ? $": {death}" : "")))];
    }

    private sealed record ActorLine(DateTime At, string Actor, string Action, string EntityType, string EntityId, Audit.ActorNames Names);

    private async Task<Dictionary<string, string>> UserNamesAsync(IEnumerable<string> ids, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        return await db.Users.Where(u => list.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName == "" ? u.UserName! : u.DisplayName, ct);
    }
}
