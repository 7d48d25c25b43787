namespace Vigil.Web.Features.Family;

/// <summary>Where a case's family liaison stands against its deadlines: what the dashboards and the case panel flag.</summary>
public sealed record CaseLiaisonStatus(
    Guid CaseId, string Reference, string? Deceased, IReadOnlyList<string> Officers, ContactDue? Contact, bool FirstContactLate,
    int OpenQuestions, int LateQuestions, int OpenTasks, int OverdueTasks, int UnassessedSubmissions, int AnswersAwaitingApproval = 0)
{
    /// <summary>While the first contact is still owed: when the family first wrote through the portal (a question not yet
    /// answered, or information not yet assessed); else null. The deadline alone read "First contact with the family due
    /// …" to an FLO whose family was already waiting on her (walk57 finding 11, ADR 3283).</summary>
    public DateTime? FamilyWroteAt { get; init; }

    public bool NeedsAttention => Contact?.Missed == true || LateQuestions > 0 || OverdueTasks > 0 || UnassessedSubmissions > 0;
}

public sealed class LiaisonStatus(VigilDbContext db, TimeProvider clock, IOptions<FamilyOptions> options, Cases.CasePanelRows rows)
{
    public async Task<CaseLiaisonStatus?> ForCaseAsync(DeathCase c, CancellationToken ct) =>
        (await ForCasesAsync([(c.Id, c.Reference, c.Deceased.Name)], ct)).FirstOrDefault();

    /// <summary>A page of the cases (already scoped by CaseAccess) that have a family file or a start of the contact
    /// clock, those that need attention first (over every page), then those whose family wrote and waits on a first contact (ADR 3290), then by reference. Read from the cases' liaison rows
    /// (ADR 3267: the rule's inputs kept by the family tables' triggers, the verdict computed here for now and these
    /// settings), joined to the visible cases by key; before, every case of the store was read and hashed against the
    /// family tables' ids and the attention set computed from the family tables on each view (a million deaths: 2.0 s of
    /// the page's 2.8 s). Counted only as far as the pager needs (ADR 1647).</summary>
    public async Task<Paged<CaseLiaisonStatus>> PageAsync(IQueryable<DeathCase> visible, string? deployedUserId, int? page, int? size, CancellationToken ct)
    {
        var deployments = db.FloDeployments;
        var visibleIds = visible.Select(c => c.Id);
        var withFamily = Liaison.LiaisonRows.Listed(db).Where(r => visibleIds.Contains(r.CaseId));
        if (deployedUserId is not null)
            withFamily = withFamily.Where(r => deployments.Any(d => d.CaseId == r.CaseId && d.EndedAt == null && d.OfficerUserId == deployedUserId));
        var cases = db.Cases;
        // Ordered before the projection: EF cannot translate an ORDER BY on a record's constructor argument.
        var ranked = withFamily.OrderByDescending(Liaison.LiaisonRows.NeedsAttention(clock.GetUtcNow().UtcDateTime, options.Value.Rules))
            .ThenByDescending(Liaison.LiaisonRows.FamilyWaiting(db)).ThenBy(r => r.Reference)
            .Select(r => new CaseRow(r.CaseId, r.Reference, cases.Where(c => c.Id == r.CaseId).Select(c => c.Deceased.Name).FirstOrDefault()));
        var rows = await Paged<CaseRow>.OfCountedToAsync(ranked, withFamily, page, size, options.Value.ListCountStopsAt, ct);
        var statuses = await ForCasesAsync(rows.Items.Select(c => (c.Id, c.Reference, c.Name)).ToList(), ct);
        return rows.With(statuses.OrderByDescending(s => s.NeedsAttention).ThenByDescending(s => s.FamilyWroteAt is not null)
            .ThenBy(s => s.Contact?.DueAt ?? DateTime.MaxValue).ToList());
    }

    private sealed record CaseRow(Guid Id, string Reference, string? Name);

    /// <summary>The ids of the cases whose family contact is missed at <paramref name="now"/>: the rule of
    /// <see cref="FamilyDeadlines.NextContact"/> over the cases' liaison rows (<see cref="Liaison.LiaisonRows.ContactMissed"/>,
    /// ADR 3267), for the due-event sweep (ADR 3152). Before, sets over the family tables on every read (ADR 1644).</summary>
    private IQueryable<Guid> MissedContacts(DateTime now) =>
        db.CaseLiaisons.Where(Liaison.LiaisonRows.ContactMissed(now, options.Value.Rules)).Select(r => r.CaseId);

    /// <summary>The SQL rule alone over <paramref name="cases"/>, now: the test that it agrees with
    /// <see cref="FamilyDeadlines.NextContact"/> case by case (ADR 3224).</summary>
    internal Task<List<Guid>> MissedByTheListsAsync(IQueryable<DeathCase> cases, CancellationToken ct)
    {
        var missed = MissedContacts(clock.GetUtcNow().UtcDateTime);
        return cases.Where(c => missed.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct);
    }

    /// <summary>The next <paramref name="pages"/> pages of <paramref name="size"/> (in reference order, after
    /// <paramref name="afterReference"/>) of cases whose family contact is missed now, each with the contact it missed,
    /// as the dashboard states it; Last is where the next read starts, null after the last. Read from the liaison rows
    /// (their copy of the reference orders them), not by asking every case. One statement for all the pages (ADR 3228):
    /// the database finds every candidate after the reference and sorts them whatever the LIMIT. The statuses are still
    /// read a page at a time.</summary>
    public async Task<(List<List<CaseLiaisonStatus>> Pages, string? Last)> MissedContactPagesAsync(string? afterReference, int size, int pages, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = db.CaseLiaisons.Where(Liaison.LiaisonRows.ContactMissed(now, options.Value.Rules));
#pragma warning disable CA1309 // string.Compare(a, b) is what EF translates to SQL '>' (keyset paging on the unique reference).
        if (afterReference is not null) rows = rows.Where(r => string.Compare(r.Reference, afterReference) > 0);
#pragma warning restore CA1309
        var cases = db.Cases;
        var read = await rows.OrderBy(r => r.Reference).Take(size * pages)
            .Select(r => new CaseRow(r.CaseId, r.Reference, cases.Where(c => c.Id == r.CaseId).Select(c => c.Deceased.Name).FirstOrDefault())).ToListAsync(ct);
        var missed = new List<List<CaseLiaisonStatus>>();
        foreach (var page in read.Chunk(size))
            missed.Add((await ForCasesAsync(page.Select(c => (c.Id, c.Reference, c.Name)).ToList(), ct)).Where(s => s.Contact?.Missed == true).ToList());
        return (missed, read.Count < size * pages ? null : read[^1].Reference);
    }

    private async Task<List<CaseLiaisonStatus>> ForCasesAsync(IReadOnlyList<(Guid Id, string Reference, string? Name)> cases, CancellationToken ct)
    {
        var ids = cases.Select(c => c.Id).ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        var clocks = ids.Count == 1 && rows.None(ids[0], ClockTables) ? new Dictionary<Guid, FirstContactClock>() : await ContactClock.OfAsync(db, ids, ct);
        var contacts = (await Read(ids, Cases.PanelTable.FamilyContacts, () => Contacts.For(db)(db, ids), ct)).ToLookup(c => c.CaseId);
        var officers = (await Read(ids, Cases.PanelTable.FloDeployments, () => Deployed.For(db)(db, ids), ct)).ToLookup(d => d.CaseId);
        var questions = (await Read(ids, Cases.PanelTable.FamilyQuestions, () => OpenQuestions.For(db)(db, ids), ct)).ToLookup(q => q.CaseId);
        var tasks = (await Read(ids, Cases.PanelTable.FamilyTasks, () => OpenTasks.For(db)(db, ids), ct)).ToLookup(t => t.CaseId);
        var unassessed = (await Read(ids, Cases.PanelTable.FamilySubmissions, () => Unassessed.For(db)(db, ids), ct)).ToDictionary(x => x.CaseId);
        return cases.Select(c =>
        {
            var started = clocks.GetValueOrDefault(c.Id, FirstContactClock.NotStarted);
            var made = contacts[c.Id].ToList();
            var next = FamilyDeadlines.NextContact(started, made, now, options.Value.Rules);
            return new CaseLiaisonStatus(c.Id, c.Reference, c.Name, officers[c.Id].Select(o => o.OfficerName).ToList(),
                next, FamilyDeadlines.FirstContactWasLate(started, made, options.Value.Rules),
                questions[c.Id].Count(), questions[c.Id].Count(q => FamilyDeadlines.StateOf(q, now) == QuestionState.Late),
                tasks[c.Id].Count(), tasks[c.Id].Count(t => t.DueAt < now), unassessed.GetValueOrDefault(c.Id)?.Count ?? 0,
                questions[c.Id].Count(q => q.DraftAnswer != null))
            {
                FamilyWroteAt = next is not null && made.Count == 0 ? FirstWritten(questions[c.Id], unassessed.GetValueOrDefault(c.Id)) : null,
            };
        }).ToList();
    }

    /// <summary>The earliest of the family's portal questions still unanswered and their submissions still unassessed:
    /// what they wrote that still waits on an officer. A question recorded by staff is not the family writing.</summary>
    private static DateTime? FirstWritten(IEnumerable<FamilyQuestion> open, CaseCount? unassessed) =>
        open.Where(q => q.Source == "portal").Select(q => (DateTime?)q.AskedAt).Append(unassessed?.First).Min();

    /// <summary>The tables <see cref="ContactClock.OfAsync"/> reads: with none of them, no clock runs and liaison cannot have ended.</summary>
    private const Cases.PanelTable ClockTables = Cases.PanelTable.FamilyFile | Cases.PanelTable.FloDeployments | Cases.PanelTable.FamilyQuestions
        | Cases.PanelTable.FamilyMembers;

    /// <summary>A read of one case whose table the case page found empty is not sent (ADR 2461); any other, as before.</summary>
    private Task<List<T>> Read<T>(List<Guid> ids, Cases.PanelTable table, Func<IAsyncEnumerable<T>> query, CancellationToken ct) =>
        ids.Count == 1 ? rows.UnlessNone(ids[0], table, () => query().ToListAsync(ct).AsTask()) : query().ToListAsync(ct).AsTask();

    // Compiled once (ADR 2311): every case page's family panel runs these five and the clock's read. The same statements as before.

    private static readonly CompiledPerModel<Func<VigilDbContext, List<Guid>, IAsyncEnumerable<FamilyContact>>> Contacts = new(() =>
        EF.CompileAsyncQuery((VigilDbContext db, List<Guid> ids) => db.Set<FamilyContact>().AsNoTracking().Where(c => ids.Contains(c.CaseId))));

    private static readonly CompiledPerModel<Func<VigilDbContext, List<Guid>, IAsyncEnumerable<FloDeployment>>> Deployed = new(() =>
        EF.CompileAsyncQuery((VigilDbContext db, List<Guid> ids) => db.Set<FloDeployment>().AsNoTracking().Where(d => ids.Contains(d.CaseId) && d.EndedAt == null)));

    private static readonly CompiledPerModel<Func<VigilDbContext, List<Guid>, IAsyncEnumerable<FamilyQuestion>>> OpenQuestions = new(() =>
        EF.CompileAsyncQuery((VigilDbContext db, List<Guid> ids) => db.Set<FamilyQuestion>().AsNoTracking().Where(q => ids.Contains(q.CaseId) && q.AnsweredAt == null)));

    private static readonly CompiledPerModel<Func<VigilDbContext, List<Guid>, IAsyncEnumerable<FamilyTask>>> OpenTasks = new(() =>
        EF.CompileAsyncQuery((VigilDbContext db, List<Guid> ids) => db.Set<FamilyTask>().AsNoTracking().Where(t => ids.Contains(t.CaseId) && t.DoneAt == null)));

    private static readonly CompiledPerModel<Func<VigilDbContext, List<Guid>, IAsyncEnumerable<CaseCount>>> Unassessed = new(() =>
        EF.CompileAsyncQuery((VigilDbContext db, List<Guid> ids) => db.Set<FamilySubmission>().AsNoTracking().Where(s => ids.Contains(s.CaseId) && s.AssessedAt == null)
            .GroupBy(s => s.CaseId).Select(g => new CaseCount(g.Key, g.Count(), g.Min(s => s.SubmittedAt)))));

    /// <summary>A case's unassessed submissions: how many, and when the first was sent.</summary>
    private sealed record CaseCount(Guid CaseId, int Count, DateTime First);
}
