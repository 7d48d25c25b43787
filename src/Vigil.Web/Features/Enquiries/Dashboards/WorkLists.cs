namespace Vigil.Web.Features.Enquiries.Dashboards;

public sealed record WorkItem(
    [property: JsonPropertyName("case_id")] Guid CaseId,
    [property: JsonPropertyName("case_reference")] string CaseReference,
    [property: JsonPropertyName("what")] string What,
    [property: JsonPropertyName("when")] DateTime? When,
    [property: JsonPropertyName("who")] string? Who);

public sealed record WorkList(string Id, string Title)
{
    /// <summary>The title for one item ("Overdue action"), where a count is written before it; the title when not given.</summary>
    public string One { get; init; } = Title;

    /// <summary>What the row's date is, as its column is headed: an overdue action's is when it was due, a red flag's when
    /// the death was found. One "When" over both let a found date read as a deadline (walk51).</summary>
    public string When { get; init; } = "Due";

    /// <summary>A red flag's list: the supervision page counts it only so far (ADR 1646).</summary>
    public bool IsRedFlag { get; init; }

    /// <summary>Where the list's page says to look for what it leaves out, with a link; null when it leaves nothing out.</summary>
    public (string Text, string ListId)? SeeAlso { get; init; }
}

/// <summary>One row of a work list as read, before it is said in words: an action's number (the page links to its row on
/// the case page) and an override's category (a code until described) kept apart from the text.</summary>
public sealed record WorkRow(Guid CaseId, string CaseReference, string What, DateTime? When, string? Who, int? ActionNumber, string? ToCategory)
{
    /// <summary>What the row is about, in words (ADR 0651): an override names its category as the case page does.</summary>
    public string Describe() => ToCategory is null ? What : $"Override to “{CaseClassification.Describe(ToCategory)}”: {What}";

    public WorkItem ToItem() => new(CaseId, CaseReference, Describe(), When, Who);

    /// <summary>True for what the family is owed: the row links to the case's family page.</summary>
    public bool OnFamilyPage { get; init; }

    /// <summary>A mandatory action: its row says so, as My work and the case page do (ADR 3282).</summary>
    public bool Mandatory { get; init; }
}

/// <summary>The supervisor's lists (each count on the dashboard links to one), over the cases the user may see, a
/// page at a time in a stable order (due or found date, then id). What a family is owed is listed only on the cases whose
/// family the user may see (<see cref="CaseAccess.FamilyShownAsync"/>, ADR 3239).</summary>
public sealed class WorkLists(VigilDbContext db, TimeProvider clock, IOptions<Rules.EnquiryOptions> options, CaseAccess access)
{
    public static readonly IReadOnlyList<WorkList> Fixed =
    [
        new(OverdueActionsList, "Overdue actions") { One = "Overdue action" },
        new("untested-exhibits", "Exhibits never submitted for testing") { When = "Exhibit recorded" },
        new("override-requests", "Overrides awaiting a supervisor's signature") { When = "Asked" },
        new("results-awaiting-review", "Mandatory action results awaiting review"),
        new("overdue-reviews", "Overdue case reviews") { One = "Overdue case review" },
        new(FamilyQuestionsOverdue, "Family questions unanswered past their due date") { One = "Family question unanswered past its due date" },
        new(FamilyTasksOverdue, "\"Tell the family\" tasks overdue") { One = "\"Tell the family\" task overdue" },
    ];

    /// <summary>What a family is owed past its date (ADR 3178), on the dashboards as on the FLO's lists (ADR 1637).</summary>
    public const string FamilyQuestionsOverdue = "family-questions-overdue";
    public const string FamilyTasksOverdue = "family-tasks-overdue";

    public static IEnumerable<WorkList> All => Fixed.Concat(RedFlags.All.Select(f => new WorkList(FlagListId(f), f.Title) { When = "Found", IsRedFlag = true }));

    public static string FlagListId(RedFlagKind flag) => "flag-" + flag.Id;

    /// <summary>How many items each list holds. With <paramref name="flagsStopAt"/>, a red flag's cases are counted up to
    /// one more than it and no further (the page then says "more than"): a red flag is a test of each case's facts, and
    /// counting every case of a million that carries one is a pass over them all (ADR 1646), where the first 1,001 are
    /// found in the first few thousand cases read. The work queues are counted exactly: they are read from indexes.</summary>
    public async Task<WorkCounts> CountsAsync(IQueryable<DeathCase> visible, int? flagsStopAt, CancellationToken ct)
    {
        var counts = new Dictionary<string, int>();
        var overdue = await OverdueCountsAsync(visible, ct);
        counts[OverdueActionsList] = overdue.All;
        foreach (var list in Fixed.Where(l => l.Id != OverdueActionsList)) counts[list.Id] = await Query(list.Id, await OverAsync(list.Id, visible, ct)).CountAsync(ct);
        foreach (var flag in RedFlags.All)
        {
            var having = RedFlags.Having(db, visible, flag).Select(c => c.Id);
            counts[FlagListId(flag)] = await (flagsStopAt is { } most ? having.Take(most + 1) : having).CountAsync(ct);
        }
        return new WorkCounts(counts, overdue.Mandatory);
    }

    /// <summary>The overdue actions, and how many of them are mandatory, in the one statement that counted them alone:
    /// the tile says both and links to each list (walk58 finding 3, ADR 3291). The states stay in the WHERE, outside
    /// the aggregates (<see cref="MineCountsAsync"/>'s note on SQLite).</summary>
    private async Task<(int All, int Mandatory)> OverdueCountsAsync(IQueryable<DeathCase> visible, CancellationToken ct)
    {
        // Single, here and in the officers' counts below: one group of a constant key is one row at most, and EF logs a
        // warning for a First with no order once a process (three of the eight warnings a demo walk logged, round 66).
        var counted = await OverdueActions(db, clock.GetUtcNow().UtcDateTime).Join(visible, a => a.CaseId, c => c.Id, (a, c) => a)
            .GroupBy(a => 1).Select(g => new { All = g.Count(), Mandatory = g.Count(a => a.Mandatory) }).SingleOrDefaultAsync(ct);
        return (counted?.All ?? 0, counted?.Mandatory ?? 0);
    }

    /// <summary>One page of a list as the API gives it (who: the officer's user name).</summary>
    public async Task<Paged<WorkItem>> PageAsync(string listId, IQueryable<DeathCase> visible, int? page, int? size, CancellationToken ct)
    {
        var rows = await RowsAsync(listId, mandatoryOnly: false, visible, page, size, ct);
        return rows.With<WorkItem>([.. rows.Items.Select(r => r.ToItem())]);
    }

    /// <summary>One page of a list's rows; the category is described and officers named after paging, in memory.</summary>
    private async Task<Paged<WorkRow>> RowsAsync(string listId, bool mandatoryOnly, IQueryable<DeathCase> visible, int? page, int? size, CancellationToken ct) =>
        await Paged<WorkRow>.OfAsync(Query(listId, await OverAsync(listId, visible, ct), mandatoryOnly), page, size, ct);

    /// <summary>Whether a list's page is narrowed to the mandatory actions (its `?mandatory=true`), or null for a list that
    /// does not narrow. Only the overdue actions' list does: the due-event sweep tells of the mandatory ones alone, and its
    /// digest's "N mandatory actions are overdue … Open the list" opened every overdue action, mandatory or not, without
    /// saying which (walk57 finding 8, ADR 3282).</summary>
    public static bool? MandatoryOnly(string listId, bool asked) => listId == OverdueActionsList ? asked : null;

    /// <summary>The overdue actions' list, where a due-event digest of overdue mandatory actions links, narrowed
    /// (<see cref="MandatoryOnly"/>).</summary>
    public const string OverdueActionsList = "overdue-actions";

    /// <summary>The page of the overdue actions' list a digest of overdue mandatory actions opens: <paramref name="basePath"/>
    /// narrowed to the mandatory ones, which are what the digest counts (ADR 3282).</summary>
    public static string MandatoryOverdueHref(string basePath) => $"{basePath}/{OverdueActionsList}?mandatory=true";

    /// <summary>The cases a list reads: for what a family is owed, those whose family the user may see. The family's
    /// questions are quoted on the list, and a supervisor's account that also reads every case (an analyst's or a
    /// reviewer's role beside it) listed and counted every team's, where the family file and the liaison lists are its
    /// own teams' only (ADRs 3234, 3239; sec55).</summary>
    private async Task<IQueryable<DeathCase>> OverAsync(string listId, IQueryable<DeathCase> visible, CancellationToken ct) =>
        listId is FamilyQuestionsOverdue or FamilyTasksOverdue ? await access.FamilyShownAsync(visible, ct) : visible;

    /// <summary>One page of a list as its table shows it, its officers named. A red flag's list counts its cases only as
    /// far as the page needs and at least as far as its tile does (ADR 1647); the API's pages
    /// (<see cref="PageAsync"/>) count exactly.</summary>
    public async Task<WorkListTable> TableAsync(string listId, bool? mandatoryOnly, IQueryable<DeathCase> visible, Cases.CaseOfficers officers, ForceTime time,
        int? page, int? size, CancellationToken ct)
    {
        var list = All.Concat(Led).First(l => l.Id == listId);
        var rows = list.IsRedFlag ? await Paged<WorkRow>.OfCountedToAsync(Query(listId, visible), page, size, options.Value.FlagTileCountStopsAt, ct)
            : await RowsAsync(listId, mandatoryOnly == true, visible, page, size, ct);
        return new WorkListTable(rows, await officers.NamesAsync(rows.Items.Select(i => i.Who), ct), time, list.When) { MandatoryOnly = mandatoryOnly };
    }

    /// <summary>A list's title, narrowed or not (<see cref="MandatoryOnly"/>).</summary>
    public static string TitleOf(WorkList list, bool? mandatoryOnly) => mandatoryOnly == true ? "Overdue mandatory actions" : list.Title;

    /// <summary>The lists an officer in charge is told of (ADR 1634): what falls due on the cases they lead, whoever
    /// holds each action. A due-event digest sent to them links here.</summary>
    public static readonly IReadOnlyList<WorkList> Led =
    [
        new(Unallocated, "Actions waiting for allocation, not yet due") { One = "Action waiting for allocation, not yet due",
            SeeAlso = ("Those past their due date, allocated or not, are on the list of overdue actions", "overdue-actions") },
        .. Fixed.Where(l => l.Id is "overdue-actions" or "overdue-reviews" or FamilyQuestionsOverdue or FamilyTasksOverdue),
    ];

    /// <summary>Actions raised, not yet given to an officer and not yet due, on the cases an officer leads: a new death's
    /// rule-raised actions wait here, and My work said nothing of them (walk55 finding 6, ADR 3262). The officer in charge
    /// may allocate them. One past its date is an overdue action (its officer "not allocated"), counted and listed there
    /// and not here too: with the backlog in both, My work said "86 waiting" beside "82 overdue" for a new death's 5, and
    /// the list's first pages were the backlog (walk56, ADR 3275). Not a supervision tile: the supervisor's dashboard
    /// lists what is late.</summary>
    public const string Unallocated = "unallocated-actions";

    /// <summary>The <see cref="Unallocated"/> list's actions: raised, not allocated, not yet past their due date.</summary>
    public static IQueryable<CaseAction> WaitingForAllocation(VigilDbContext db, DateTime now) =>
        db.CaseActions.Where(a => a.Status == ActionStatus.Raised && a.DueAt >= now);

    /// <summary>The cases <paramref name="userId"/> is officer in charge of, of those <paramref name="visible"/>.</summary>
    public static IQueryable<DeathCase> LedBy(IQueryable<DeathCase> visible, string userId) => visible.Where(c => c.OfficerInChargeId == userId);

    /// <summary>How many items each of <see cref="Led"/> holds on the cases the officer leads. The overdue and the
    /// unallocated actions are counted in one statement, which counted the overdue alone before (ADR 3262): My work
    /// sends no statement more for the new count.</summary>
    public async Task<WorkCounts> LedCountsAsync(IQueryable<DeathCase> visible, string userId, CancellationToken ct)
    {
        var counts = new Dictionary<string, int>();
        var led = LedBy(visible, userId);
        var now = clock.GetUtcNow().UtcDateTime;
        // The two lists' conditions (OverdueActions and WaitingForAllocation), written out as in MineCountsAsync; they
        // part at the due date, so no action is counted in both (ADR 3275).
        var actions = await db.CaseActions.Where(a => (a.Status == ActionStatus.Raised || a.Status == ActionStatus.Allocated) && led.Any(c => c.Id == a.CaseId))
            .GroupBy(a => 1)
            .Select(g => new
            {
                Overdue = g.Count(a => (a.Status == ActionStatus.Raised || a.Status == ActionStatus.Allocated) && a.DueAt < now),
                Unallocated = g.Count(a => a.Status == ActionStatus.Raised && a.DueAt >= now),
                // What the officer in charge's digest counts (ADR 3282), said beside the overdue count (ADR 3291).
                OverdueMandatory = g.Count(a => (a.Status == ActionStatus.Raised || a.Status == ActionStatus.Allocated) && a.DueAt < now && a.Mandatory),
            }).SingleOrDefaultAsync(ct);
        (counts[Unallocated], counts["overdue-actions"]) = (actions?.Unallocated ?? 0, actions?.Overdue ?? 0);
        foreach (var list in Led.Where(l => !counts.ContainsKey(l.Id)))
            counts[list.Id] = await Query(list.Id, await OverAsync(list.Id, led, ct)).CountAsync(ct);
        return new WorkCounts(counts, actions?.OverdueMandatory ?? 0);
    }

    private IQueryable<WorkRow> Query(string listId, IQueryable<DeathCase> visible, bool mandatoryOnly = false)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Ordered on the joined rows, before the projection: EF cannot translate an ORDER BY on a record's constructor argument.
        IQueryable<WorkRow> Actions(IQueryable<CaseAction> q) => q.Join(visible, a => a.CaseId, c => c.Id, (a, c) => new { a, c })
            .OrderBy(x => x.a.DueAt).ThenBy(x => x.a.Id)
            .Select(x => new WorkRow(x.c.Id, x.c.Reference, "A" + x.a.Number + " " + x.a.Title, x.a.DueAt, x.a.AllocatedTo, x.a.Number, null)
                { Mandatory = x.a.Mandatory });
        return listId switch
        {
            OverdueActionsList when mandatoryOnly => Actions(OverdueActions(db, now).Where(a => a.Mandatory)),
            OverdueActionsList => Actions(OverdueActions(db, now)),
            "results-awaiting-review" => Actions(db.CaseActions.Where(a => a.Mandatory && a.Status == ActionStatus.ResultSubmitted)),
            Unallocated => Actions(WaitingForAllocation(db, now)),
            "untested-exhibits" => Exhibits.CustodyCommands.Untested(db, visible).Join(visible, e => e.CaseId, c => c.Id, (e, c) => new { e, c })
                .OrderBy(x => x.e.CreatedAt).ThenBy(x => x.e.Id)
                .Select(x => new WorkRow(x.c.Id, x.c.Reference, x.e.Reference + " " + x.e.Type + (x.e.Description == null ? "" : ": " + x.e.Description), x.e.CreatedAt, null, null, null)),
            "override-requests" => db.CaseDecisions.Where(d => d.Kind == DecisionKinds.OverrideRequested && !db.CaseDecisions.Any(s => s.SignsDecisionId == d.Id))
                .Join(visible, d => d.CaseId, c => c.Id, (d, c) => new { d, c }).OrderBy(x => x.d.At).ThenBy(x => x.d.Id)
                .Select(x => new WorkRow(x.c.Id, x.c.Reference, x.d.Rationale, x.d.At, x.d.DecidedBy, null, x.d.ToCategory ?? "")),
            "overdue-reviews" => OverdueReviews(db, now)
                .Join(visible, r => r.CaseId, c => c.Id, (r, c) => new { r, c }).OrderBy(x => x.r.DueAt).ThenBy(x => x.r.Id)
                .Select(x => new WorkRow(x.c.Id, x.c.Reference, x.r.Label + " review", x.r.DueAt, null, null, null)),
            // The officer in charge answers for what the family is owed where no FLO is deployed, and is told of it then
            // (ADR 3178): their lists, and the supervisor's, show it (ADR 1637). The owner is a name, not a login.
            FamilyQuestionsOverdue => Family.Liaison.OverdueFamilyLists.UnansweredQuestions(db, now)
                .Join(visible, q => q.CaseId, c => c.Id, (q, c) => new { q, c }).OrderBy(x => x.q.DueAt).ThenBy(x => x.q.Id)
                .Select(x => new WorkRow(x.c.Id, x.c.Reference, "Question from the family ("
                    + (x.q.OwnerName == FamilyQuestion.Unassigned ? "no FLO deployed" : x.q.OwnerName) + "): " + x.q.Text, x.q.DueAt, null, null, null)
                    { OnFamilyPage = true }),
            FamilyTasksOverdue => Family.Liaison.OverdueFamilyLists.OverdueTasks(db, now)
                .Join(visible, t => t.CaseId, c => c.Id, (t, c) => new { t, c }).OrderBy(x => x.t.DueAt).ThenBy(x => x.t.Id)
                .Select(x => new WorkRow(x.c.Id, x.c.Reference, x.t.Description, x.t.DueAt, null, null, null) { OnFamilyPage = true }),
            _ when listId.StartsWith("flag-", StringComparison.Ordinal) && RedFlags.Find(listId[5..]) is { } flag =>
                RedFlags.Having(db, visible, flag).OrderByDescending(c => c.FoundAt).ThenByDescending(c => c.Reference)
                    .Select(c => new WorkRow(c.Id, c.Reference, flag.Title, c.FoundAt, null, null, null)),
            _ => throw new KeyNotFoundException(listId),
        };
    }

    internal static readonly string[] OverdueStates = [.. ActionStatus.Overdue];

    /// <summary>Actions past their due date with work still with the officer (a submitted result awaits its review, a
    /// reviewed one is done; ADR 3260): the "Overdue actions" list,
    /// and what the due-event sweep tells the officer of (ADR 3152). Answered from the (status, due_at) index.</summary>
    public static IQueryable<CaseAction> OverdueActions(VigilDbContext db, DateTime now) =>
        db.CaseActions.Where(a => OverdueStates.Contains(a.Status) && a.DueAt < now);

    /// <summary>Case reviews past their date and not completed: the "Overdue case reviews" list and the sweep's (ADR 3152).</summary>
    public static IQueryable<CaseReview> OverdueReviews(VigilDbContext db, DateTime now) =>
        db.CaseReviews.Where(r => r.CompletedAt == null && r.DueAt < now);

    /// <summary>An officer's own open actions, overdue first.</summary>
    public Task<Paged<CaseAction>> MineAsync(string userName, IQueryable<DeathCase> visible, int? page, int? size, CancellationToken ct) =>
        Paged<CaseAction>.OfAsync(Mine(userName, visible).OrderBy(a => a.DueAt).ThenBy(a => a.Id), page, size, ct);

    /// <summary>How many of an officer's own open actions are overdue, and how many of their results await a
    /// supervisor's review (over every page), in the one statement that counted the overdue alone (ADR 3260). The
    /// states are written out: <see cref="OverdueStates"/> as a parameter inside an aggregate is a JSON array on SQLite.</summary>
    public async Task<MineCounts> MineCountsAsync(string userName, IQueryable<DeathCase> visible, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await Mine(userName, visible).GroupBy(a => 1)
            .Select(g => new MineCounts(
                g.Count(a => (a.Status == ActionStatus.Raised || a.Status == ActionStatus.Allocated) && a.DueAt < now),
                g.Count(a => a.Status == ActionStatus.ResultSubmitted)))
            .SingleOrDefaultAsync(ct) ?? new MineCounts(0, 0);
    }

    private IQueryable<CaseAction> Mine(string userName, IQueryable<DeathCase> visible) =>
        db.CaseActions.AsNoTracking().Where(a => a.AllocatedTo == userName && ActionStatus.Open.Contains(a.Status) && visible.Any(c => c.Id == a.CaseId));
}

/// <summary>The supervisor's counts, or the officer in charge's: each list's (by its id), and how many of the overdue
/// actions are mandatory.</summary>
public sealed record WorkCounts(Dictionary<string, int> Lists, int OverdueMandatory);

/// <summary>An officer's own open actions: those overdue, and those whose result awaits a supervisor's review.</summary>
public sealed record MineCounts(int Overdue, int AwaitingReview);
