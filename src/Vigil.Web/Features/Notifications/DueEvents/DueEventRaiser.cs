using Vigil.Web.Features.Enquiries.Dashboards;
using Vigil.Web.Features.Family;

namespace Vigil.Web.Features.Notifications.DueEvents;

/// <summary>What one sweep raised, by kind; Raced counts pages another sweep raised first (their notices won).</summary>
public sealed record DueEventCounts(int Contacts, int Reviews, int Actions, int Questions, int Tasks, int Raced)
{
    public int Raised => Contacts + Reviews + Actions + Questions + Tasks;
}

/// <summary>Raises each due event as notifications, with its notice in the same save (ADR 3152). Each kind is found by
/// the rule its dashboard already uses: a family contact missed (<see cref="LiaisonStatus"/>, to the FLOs and the team's
/// supervisors), a case review past due (<see cref="WorkLists.OverdueReviews"/>, to the officer in charge and the
/// supervisors, who conduct reviews), a mandatory action overdue (<see cref="WorkLists.OverdueActions"/>, to its officer,
/// else the officer in charge, else the supervisors), a family's question unanswered or a "tell the family" task not done
/// by its due date (the liaison dashboard's rule, to the FLOs deployed, else the officer in charge, else the supervisors;
/// ADR 3178). Events already raised are left out by the notices' key.</summary>
public sealed partial class DueEventRaiser(VigilDbContext db, LiaisonStatus liaison, TimeProvider clock, IOptions<DueEventOptions> options, DueEventProgress progress,
    ForceTime time, ILogger<DueEventRaiser> log)
{
    private readonly Dictionary<(string Role, Guid Team), List<string>> roleHolders = [];
    private readonly Dictionary<string, CaseScope?> scopes = new(StringComparer.Ordinal);
    private int raced;
    private List<string>? administrators;

    public async Task<DueEventCounts> RaiseAsync(CancellationToken ct)
    {
        raced = 0;
        var contacts = await ContactsAsync(ct);
        var reviews = await DrainAsync(ReviewsAsync, ct);
        var actions = await DrainAsync(ActionsAsync, ct);
        var questions = await DrainAsync(QuestionsAsync, ct);
        var tasks = await DrainAsync(FamilyTasksAsync, ct);
        return new DueEventCounts(contacts, reviews, actions, questions, tasks, raced);
    }

    /// <summary>Missed family contacts, a page of cases at a time in reference order, from where this node's last sweep
    /// stopped (the pages read include cases already raised, which stay "missed" until a contact is logged: starting from
    /// the first reference every sweep, the cases past PagesPerSweep pages of them were never reached); the due date is
    /// the one the dashboard shows, so a contact logged (or a new deadline promised) makes the next miss a new event.</summary>
    private async Task<int> ContactsAsync(CancellationToken ct)
    {
        // The sweep's pages are read in one statement (ADR 3228), then raised and saved a page at a time as before.
        var (pages, last) = await liaison.MissedContactPagesAsync(progress.ContactsAfter, options.Value.PageSize, options.Value.PagesPerSweep, ct);
        var raised = 0;
        foreach (var missed in pages)
        {
            var ids = missed.Select(m => m.CaseId).ToList();
            var done = await NoticedAsync(NotificationKinds.ContactOverdue, ids, ct);
            var facts = await CaseFactsAsync(ids, ct);
            var events = new List<DueEvent>();
            foreach (var m in missed.Where(m => !done.Contains((m.CaseId, m.Contact!.DueAt))))
            {
                var (_, team, _) = facts[m.CaseId];
                var flos = await TellableAsync(await Recipients.FamilyLiaisonAsync(db, m.CaseId, team, ct), m.CaseId, team, ct);
                if (flos.Count == 0) flos = await TellableAsync(await InRoleAsync(Roles.FamilyLiaison, team, ct), m.CaseId, team, ct);
                var to = flos.Concat(await InRoleAsync(Roles.Supervisor, team, ct));
                events.Add(new(NotificationKinds.ContactOverdue, m.CaseId, m.CaseId, team, m.Contact!.DueAt,
                    $"Family contact overdue on {m.Reference}: {m.Contact.What} was due {time.Show(m.Contact.DueAt)}"
                    + (m.Contact.StartedBy is { } start ? $"; {ClockStartWords.Of(start, time)}" : ""), $"/cases/{m.CaseId}/family", [.. to]));
            }
            raised += await SaveAsync(events, ct);
        }
        progress.ContactsAfter = last; // null: the next sweep starts again from the first reference
        return raised;
    }

    /// <summary>A page of one kind's pending rows: the events to raise, and the rows found raised already but unmarked
    /// (raised by a node of an earlier build), which are marked in the same save and so leave the pending index.</summary>
    private sealed record DuePage(string Kind, List<DueEvent> Events, List<Guid> RaisedBefore);

    private async Task<DuePage> ReviewsAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var notices = db.DueEventNotices;
        var page = await PendingReviews(now).Take(options.Value.PageSize)
            .Join(db.Cases, r => r.CaseId, c => c.Id, (r, c) => new { r.Id, r.CaseId, r.DueAt, r.Label, c.Reference, c.TeamId, c.OfficerInChargeId,
                Raised = notices.Any(n => n.Kind == NotificationKinds.ReviewDue && n.SubjectId == r.Id && n.DueAt == r.DueAt) })
            .AsNoTracking().ToListAsync(ct);
        var events = new List<DueEvent>();
        foreach (var r in page.Where(r => !r.Raised))
        {
            var to = (await InRoleAsync(Roles.Supervisor, r.TeamId, ct)).Concat(await TellableAsync(r.OfficerInChargeId is { } oic ? [oic] : [], r.CaseId, r.TeamId, ct));
            events.Add(new(NotificationKinds.ReviewDue, r.Id, r.CaseId, r.TeamId, r.DueAt,
                $"The {r.Label} case review of {r.Reference} is due (since {time.Show(r.DueAt)})", $"/cases/{r.CaseId}/enquiry", [.. to],
                Lead: r.OfficerInChargeId));
        }
        return new DuePage(NotificationKinds.ReviewDue, events, [.. page.Where(r => r.Raised).Select(r => r.Id)]);
    }

    private async Task<DuePage> ActionsAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var notices = db.DueEventNotices;
        var page = await PendingActions(now).Take(options.Value.PageSize)
            .Join(db.Cases, a => a.CaseId, c => c.Id, (a, c) => new { a.Id, a.CaseId, a.DueAt, a.Number, a.Title, a.AllocatedTo, c.Reference, c.TeamId, c.OfficerInChargeId,
                Raised = notices.Any(n => n.Kind == NotificationKinds.ActionOverdue && n.SubjectId == a.Id && n.DueAt == a.DueAt) })
            .AsNoTracking().ToListAsync(ct);
        var events = new List<DueEvent>();
        foreach (var a in page.Where(a => !a.Raised))
        {
            // The first of its officer and the officer in charge who can still be told (an account disabled, or moved to
            // a team that cannot read the case, would get a notification no one reads), else the supervisors.
            var officer = a.AllocatedTo is { } name ? await Recipients.ByUserNameAsync(db, name, ct) : null;
            var first = (await TellableAsync([.. new[] { officer, a.OfficerInChargeId }.OfType<string>()], a.CaseId, a.TeamId, ct)).FirstOrDefault();
            List<string> to = first is not null ? [first] : await InRoleAsync(Roles.Supervisor, a.TeamId, ct);
            var title = a.Title.Length <= 200 ? a.Title : a.Title[..197] + "...";
            events.Add(new(NotificationKinds.ActionOverdue, a.Id, a.CaseId, a.TeamId, a.DueAt,
                $"Mandatory action A{a.Number} on {a.Reference} is overdue (due {time.Show(a.DueAt)}): {title}", $"/cases/{a.CaseId}/enquiry", to, officer,
                a.OfficerInChargeId));
        }
        return new DuePage(NotificationKinds.ActionOverdue, events, [.. page.Where(a => a.Raised).Select(a => a.Id)]);
    }

    /// <summary>Reviews due by <paramref name="now"/> and not marked raised, in due order: the pending index's rows only
    /// (ADR 1633), within the dashboard's rule (<see cref="WorkLists.OverdueReviews"/>); the notices' key still decides.</summary>
    internal IQueryable<CaseReview> PendingReviews(DateTime now) =>
        Pending(db.CaseReviews, PendingDueEvents.ReviewsIndex, PendingDueEvents.Reviews).Where(r => r.CompletedAt == null && r.DueAt < now)
            .OrderBy(r => r.DueAt).ThenBy(r => r.Id);

    /// <summary>Mandatory actions overdue at <paramref name="now"/> and not raised, in due order, as <see cref="PendingReviews"/>
    /// (the pending filter holds <see cref="WorkLists.OverdueActions"/>' states and a submitted result, which is not
    /// overdue: its review is what is awaited, ADR 3260).</summary>
    internal IQueryable<CaseAction> PendingActions(DateTime now) =>
        Pending(db.CaseActions, PendingDueEvents.ActionsIndex, PendingDueEvents.Actions).Where(a => WorkLists.OverdueStates.Contains(a.Status) && a.DueAt < now)
            .OrderBy(a => a.DueAt).ThenBy(a => a.Id);

    /// <summary>Pages of a kind's pending rows: each page saved (or found raised by another sweep, which marked it)
    /// drops out of the next read.</summary>
    private async Task<int> DrainAsync(Func<CancellationToken, Task<DuePage>> read, CancellationToken ct)
    {
        var raised = 0;
        for (var pages = 0; pages < options.Value.PagesPerSweep; pages++)
        {
            var page = await read(ct);
            if (page.Events.Count == 0 && page.RaisedBefore.Count == 0) break;
            raised += await SaveAsync(page.Events, ct, page);
        }
        return raised;
    }

    /// <summary>Raises <paramref name="events"/>, each once. A notice already there (another sweep raised one of them
    /// since this one read it: a lease that moved, a CLI process on SQLite) fails the whole save, notifications included;
    /// the events that sweep has not raised are then read again and saved without it, in this sweep (ADR 3171). Before,
    /// the page's other events waited: for missed contacts, which go on from the page's last reference, a full pass over
    /// the store's family cases. Each failed try leaves fewer, so this ends; a failure that leaves as many (a digest
    /// another save changed since it was read) is left to the next sweep.</summary>
    private async Task<int> SaveAsync(List<DueEvent> events, CancellationToken ct, DuePage? marks = null)
    {
        var left = events;
        for (var tries = 0; ; tries++)
        {
            if (await TrySaveAsync(left, ct, marks)) return left.Count;
            if (tries == 0) raced++;
            if (left.Count == 0) return 0;
            var done = await NoticedAsync(left[0].Kind, [.. left.Select(e => e.SubjectId)], ct);
            var rest = left.Where(e => !done.Contains((e.SubjectId, e.DueAt))).ToList();
            if (rest.Count == left.Count) return 0;
            left = rest;
        }
    }

    /// <summary>One save: each event's notice and its telling (ADR 3167); false when a notice was there already or a
    /// digest it changes was changed by another save since it was read.</summary>
    private async Task<bool> TrySaveAsync(List<DueEvent> events, CancellationToken ct, DuePage? marks)
    {
        if (events.Count == 0 && (marks is null || marks.RaisedBefore.Count == 0)) return true;
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var e in events)
            db.DueEventNotices.Add(new DueEventNotice { Kind = e.Kind, SubjectId = e.SubjectId, CaseId = e.CaseId, DueAt = e.DueAt, RaisedAt = now });
        var tellings = await TellingsAsync(events, ct);
        var untold = await UntoldAsync(events, ct);
        tellings.AddRange(untold.Tellings);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // The audit chain's lock, which every audited save takes (another node's sweep, a reader marking a digest
            // read), held from here to the commit: the unread digests read next are the ones this save changes.
            await AuditChainLock.AcquireAsync(db, ct);
            await new DueEventDigests(db, options.Value.DigestAbove, now).TellAsync(tellings, ct);
            await db.SaveChangesAsync(ct);
            // The page's every row: one another sweep raised is marked too when its notice names the row's date.
            if (marks is not null) await MarkAsync(marks.Kind, [.. marks.Events.Select(e => e.SubjectId), .. marks.RaisedBefore], ct);
            await tx.CommitAsync(ct);
            LogToldNobody(untold); // after the commit: a save tried again would otherwise log its events twice
            return true;
        }
        catch (DbUpdateException ex) when (ex is DbUpdateConcurrencyException || IsDuplicateKey(ex))
        {
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>The rows the pending index holds (ADR 1633), as the sweep's read starts from them: its filter's text,
    /// so PostgreSQL proves the index applies; SQLite is told the index by name, since without statistics it prefers
    /// the (Status, DueAt) index and sorts every overdue row (INDEXED BY fails loudly should the index not apply).</summary>
    private IQueryable<T> Pending<T>(DbSet<T> rows, string index, string condition) where T : class
    {
        var sqlite = db.Database.IsSqlite();
        return rows.FromSqlRaw(PendingSql.GetOrAdd((rows.EntityType.GetTableName()!, sqlite ? index : null, condition),
            k => $"SELECT * FROM \"{k.Table}\"{(k.Index is null ? "" : $" INDEXED BY \"{k.Index}\"")} WHERE {k.Condition}"));
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Table, string? Index, string Condition), string> PendingSql = new();

    /// <summary>Marks the rows raised with the due date raised, in the save that wrote their notices, so they leave the
    /// pending index. A row re-dated since it was read keeps its mark unset (its notice names the old date), and its new
    /// date is raised when due.</summary>
    private async Task MarkAsync(string kind, List<Guid> ids, CancellationToken ct)
    {
        var notices = db.DueEventNotices.Where(n => n.Kind == kind);
        await (kind switch
        {
            NotificationKinds.ActionOverdue => db.CaseActions.Where(a => ids.Contains(a.Id) && notices.Any(n => n.SubjectId == a.Id && n.DueAt == a.DueAt))
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.NoticedDueAt, a => a.DueAt), ct),
            NotificationKinds.ReviewDue => db.CaseReviews.Where(r => ids.Contains(r.Id) && notices.Any(n => n.SubjectId == r.Id && n.DueAt == r.DueAt))
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.NoticedDueAt, r => r.DueAt), ct),
            NotificationKinds.QuestionOverdue => db.FamilyQuestions.Where(q => ids.Contains(q.Id) && notices.Any(n => n.SubjectId == q.Id && n.DueAt == q.DueAt))
                .ExecuteUpdateAsync(s => s.SetProperty(q => q.NoticedDueAt, q => q.DueAt), ct),
            NotificationKinds.FamilyTaskOverdue => db.FamilyTasks.Where(t => ids.Contains(t.Id) && notices.Any(n => n.SubjectId == t.Id && n.DueAt == t.DueAt))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.NoticedDueAt, t => t.DueAt), ct),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "no pending rows of this kind"),
        });
    }

    private static bool IsDuplicateKey(DbUpdateException ex) =>
        ex.InnerException is Npgsql.PostgresException { SqlState: "23505" } or Microsoft.Data.Sqlite.SqliteException { SqliteExtendedErrorCode: 2067 };

    /// <summary>Of a kind's events about <paramref name="subjects"/>, those raised already, by their notices.</summary>
    private async Task<HashSet<(Guid SubjectId, DateTime DueAt)>> NoticedAsync(string kind, List<Guid> subjects, CancellationToken ct) =>
        (await db.DueEventNotices.AsNoTracking().Where(n => n.Kind == kind && subjects.Contains(n.SubjectId))
            .Select(n => new { n.SubjectId, n.DueAt }).ToListAsync(ct)).Select(n => (n.SubjectId, n.DueAt)).ToHashSet();

    private async Task<Dictionary<Guid, (string Reference, Guid TeamId, string? OfficerInChargeId)>> CaseFactsAsync(List<Guid> ids, CancellationToken ct) =>
        (await db.Cases.AsNoTracking().Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.Reference, c.TeamId, c.OfficerInChargeId }).ToListAsync(ct))
            .ToDictionary(c => c.Id, c => (c.Reference, c.TeamId, c.OfficerInChargeId));

}

/// <summary>Where this node's next sweep goes on reading missed family contacts (ADR 3152): a singleton, so the sweeps
/// of a store with more such cases than one sweep reads work through them all in turn.</summary>
public sealed class DueEventProgress
{
    private volatile string? contactsAfter;

    /// <summary>The last case reference the previous sweep read; null to start from the first.</summary>
    public string? ContactsAfter { get => contactsAfter; set => contactsAfter = value; }
}
