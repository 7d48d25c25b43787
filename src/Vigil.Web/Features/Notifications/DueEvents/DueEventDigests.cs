namespace Vigil.Web.Features.Notifications.DueEvents;

/// <summary>A due event as the sweep raises it: its notice's key, its case and team, the text that tells it on its own,
/// and who is to be told. Officer: an action's allocated officer (user id), whose My work lists it. Lead: the case's
/// officer in charge (user id), whose lists of the cases they lead hold it (ADR 1634).</summary>
internal sealed record DueEvent(string Kind, Guid SubjectId, Guid CaseId, Guid TeamId, DateTime DueAt, string Text, string Href, IReadOnlyCollection<string> To,
    string? Officer = null, string? Lead = null);

/// <summary>One person's events of one kind in one save, with the list that holds them for that person (null: no list
/// of theirs does, so each is told on its own, naming its case; ADR 3165) and the digest's words for counts. Gather: one
/// digest however few (the administrators' notice of a team's events with nobody to tell).</summary>
internal sealed record Telling(string User, string Kind, string? List, IReadOnlyList<DueEvent> Events, Func<DueEventDigest, string> Wording, bool Gather = false);

/// <summary>Tells each person their events of a save (ADR 3167): into their unread digest of that kind and list when they
/// have one, whatever the number; else into a new digest when more than DigestAbove (or Gather); else one by one. A digest
/// the person has read is never changed: the next events start a new one. Runs inside the save's transaction after the
/// store's audit chain lock, so the unread digests read here are the ones the save updates.</summary>
internal sealed class DueEventDigests(VigilDbContext db, int digestAbove, DateTime now)
{
    private sealed record Open(Notification Notification, DueEventDigest Digest);

    public async Task TellAsync(IReadOnlyList<Telling> tellings, CancellationToken ct)
    {
        var open = await OpenAsync([.. tellings.Where(t => t.List is not null)], ct);
        var counted = await CountedCasesAsync([.. open.Values.Select(o => o.Digest.NotificationId)], tellings, ct);
        foreach (var t in tellings)
        {
            if (t.List is not null && open.TryGetValue((t.User, t.Kind, t.List), out var digest)) Gather(digest, t, counted);
            else if (t.List is not null && (t.Gather || t.Events.Count > digestAbove)) Start(t, t.List);
            else db.UserNotifications.AddRange(t.Events.Select(e =>
                new Notification { UserId = t.User, Kind = e.Kind, SubjectId = e.SubjectId, CaseId = e.CaseId, Text = e.Text, Href = e.Href, CreatedAt = now }));
        }
    }

    /// <summary>"12 mandatory actions are overdue on 3 cases (due 01 Dec 2026 to 04 Dec 2026). Open the list to see
    /// each.", the days in the force's zone.</summary>
    public static Func<DueEventDigest, string> InAList(string kind, ForceTime time) => d =>
    {
        var (one, many) = kind switch
        {
            NotificationKinds.ActionOverdue => ("mandatory action is overdue", "mandatory actions are overdue"),
            NotificationKinds.ReviewDue => ("case review is due", "case reviews are due"),
            NotificationKinds.QuestionOverdue => ("family question is unanswered past its due date", "family questions are unanswered past their due date"),
            NotificationKinds.FamilyTaskOverdue => ("\"tell the family\" task is overdue", "\"tell the family\" tasks are overdue"),
            _ => ("family contact was missed", "family contacts were missed"),
        };
        var (first, last) = (time.Day(d.FirstDueAt), time.Day(d.LastDueAt));
        return $"{Plural.Count(d.Events, one, many)} on {Plural.Count(d.Cases, "case", "cases")} (due {(first == last ? first : $"{first} to {last}")}). Open the list to see {(d.Events == 1 ? "it" : "each")}.";
    };

    /// <summary>The administrators' notice of a team's events nobody can be told of: it names the team and no case (an
    /// administrator cannot read the cases, but can give the team the person it lacks).</summary>
    public static Func<DueEventDigest, string> NobodyToTell(string kind, string team) => d =>
    {
        var (one, many, lacks) = kind switch
        {
            NotificationKinds.ContactOverdue => ("missed family contact", "missed family contacts", "enabled family liaison officer or supervisor"),
            NotificationKinds.ReviewDue => ("case review due", "case reviews due",
                $"enabled supervisor, and {(d.Cases == 1 ? "the case's officer in charge" : "the cases' officers in charge")} cannot be told"),
            NotificationKinds.QuestionOverdue => ("unanswered family question", "unanswered family questions", FamilyOwedLacks(d)),
            NotificationKinds.FamilyTaskOverdue => ("overdue \"tell the family\" task", "overdue \"tell the family\" tasks", FamilyOwedLacks(d)),
            _ => ("overdue mandatory action", "overdue mandatory actions",
                $"enabled supervisor, and neither {(d.Events == 1 ? "the action's officer" : "the actions' officers")} nor the officer in charge can be told"),
        };
        return $"{Plural.Count(d.Events, one, many)} in team {team} {(d.Events == 1 ? "has" : "have")} nobody to tell: the team has no {lacks}. Give the team the person it lacks.";
    };

    private static string FamilyOwedLacks(DueEventDigest d) =>
        $"enabled supervisor, and neither a deployed family liaison officer nor {(d.Cases == 1 ? "the case's officer in charge" : "the cases' officers in charge")} can be told";

    /// <summary>The people's unread digests of these kinds, by person, kind and list. A notification without a digest row
    /// (one told on its own, or a digest made before ADR 3167, whose counts were never kept) is not one.</summary>
    private async Task<Dictionary<(string User, string Kind, string List), Open>> OpenAsync(List<Telling> gatherable, CancellationToken ct)
    {
        if (gatherable.Count == 0) return [];
        var users = gatherable.Select(t => t.User).Distinct().ToList();
        var kinds = gatherable.Select(t => t.Kind).Distinct().ToList();
        var rows = await db.UserNotifications.Where(n => users.Contains(n.UserId) && kinds.Contains(n.Kind) && n.ReadAt == null)
            .Join(db.DueEventDigests, n => n.Id, d => d.NotificationId, (n, d) => new { n, d }).ToListAsync(ct);
        // None is made while another is unread; should two be, the oldest gathers.
        return rows.OrderBy(r => r.n.CreatedAt).ThenBy(r => r.n.Id).GroupBy(r => (r.n.UserId, r.n.Kind, r.n.Href))
            .ToDictionary(g => g.Key, g => new Open(g.First().n, g.First().d));
    }

    /// <summary>Which of this save's cases each open digest already counts.</summary>
    private async Task<HashSet<(Guid Digest, Guid Case)>> CountedCasesAsync(List<Guid> digests, IReadOnlyList<Telling> tellings, CancellationToken ct)
    {
        if (digests.Count == 0) return [];
        var cases = tellings.SelectMany(t => t.Events.Select(e => e.CaseId)).Distinct().ToList();
        return (await db.DueEventDigestCases.AsNoTracking().Where(c => digests.Contains(c.NotificationId) && cases.Contains(c.CaseId))
            .Select(c => new { c.NotificationId, c.CaseId }).ToListAsync(ct)).Select(c => (c.NotificationId, c.CaseId)).ToHashSet();
    }

    private void Gather(Open open, Telling t, HashSet<(Guid Digest, Guid Case)> counted)
    {
        var d = open.Digest;
        d.Events += t.Events.Count;
        d.Cases += AddCases(d.NotificationId, t, counted);
        d.FirstDueAt = new[] { d.FirstDueAt, t.Events.Min(e => e.DueAt) }.Min();
        d.LastDueAt = new[] { d.LastDueAt, t.Events.Max(e => e.DueAt) }.Max();
        open.Notification.Text = t.Wording(d);
        // Already written for its text: no statement more (ADR 3316).
        open.Notification.LatestAt = now;
    }

    private void Start(Telling t, string list)
    {
        var n = new Notification { UserId = t.User, Kind = t.Kind, Href = list, CreatedAt = now };
        var d = new DueEventDigest { NotificationId = n.Id, Events = t.Events.Count, FirstDueAt = t.Events.Min(e => e.DueAt), LastDueAt = t.Events.Max(e => e.DueAt) };
        db.UserNotifications.Add(n);
        db.DueEventDigests.Add(d);
        d.Cases = AddCases(n.Id, t, []);
        n.Text = t.Wording(d);
    }

    /// <summary>Adds the telling's cases the digest does not count yet; how many.</summary>
    private int AddCases(Guid digest, Telling t, HashSet<(Guid Digest, Guid Case)> counted)
    {
        var added = t.Events.Select(e => e.CaseId).Distinct().Where(c => counted.Add((digest, c))).ToList();
        db.DueEventDigestCases.AddRange(added.Select(c => new DueEventDigestCase { NotificationId = digest, CaseId = c }));
        return added.Count;
    }
}
