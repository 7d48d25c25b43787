using Vigil.Web.Features.Enquiries.Exhibits;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Vigil.Web.Features.Notifications;

/// <summary>Raises a notification for every event a user must act on, from the rows that record the event, in the
/// same save (ADR 0703): an override requested (the case team's supervisors), a question from a family, through the
/// portal or recorded by staff (the FLOs deployed, else the team's FLOs, but not whoever recorded it), new information after a decision (the team's supervisors, ADR 3337), information sent by a family through the portal (the same FLOs, ADR 1654), an action allocated (that officer), new possible links (every
/// analyst without an unread one, ADR 1653; one unread is brought up to date, ADR 3316). Watching the rows rather than each command catches every path (page, API, import).
/// A notice that asks for one act names its row, and the save that does the act marks it done (ADR 3301).</summary>
public sealed partial class NotificationTriggers(TimeProvider clock, ForceTime time) : SaveChangesInterceptor
{
    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is VigilDbContext db) await RaiseAsync(db, cancellationToken);
        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is VigilDbContext db) RaiseAsync(db, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    private async Task RaiseAsync(VigilDbContext db, CancellationToken ct)
    {
        db.DetectChangesForSave();
        var now = clock.GetUtcNow().UtcDateTime;
        var cases = new CaseFacts(db);
        var raised = new List<Notification>();
        await MarkTasksDoneAsync(db, now, ct);
        foreach (var d in Added<CaseDecision>(db).Where(d => d.Kind == DecisionKinds.OverrideRequested))
        {
            var c = await cases.OfAsync(d.CaseId, ct);
            foreach (var user in await Recipients.InRoleAsync(db, Roles.Supervisor, c.TeamId, ct))
                raised.Add(New(user, NotificationKinds.OverrideRequested, d.Id, d.CaseId, $"Override to sign on {c.Reference}: to “{CaseClassification.Describe(d.ToCategory ?? "")}” — {Clip(d.Rationale)}", $"/cases/{d.CaseId}/enquiry"));
        }
        // New information after a decision (a laboratory's result after its action closed, or any result, post-mortem and
        // toxicology too, after the death was called not suspicious or the case closed: ADR 3356): the team's supervisors,
        // who answer for the decision, hear of it; not whoever recorded it (ADR 3337).
        // Its task is the action raised with it to consider the result, so closing that action marks it done (ADR 3346).
        foreach (var d in Added<CaseDecision>(db).Where(d => d.Kind == DecisionKinds.NewInformation))
        {
            var c = await cases.OfAsync(d.CaseId, ct);
            var recorder = await Recipients.ActingAsync(db, ct);
            var consider = Added<CaseAction>(db).FirstOrDefault(a => a.CaseId == d.CaseId && LateResults.Sources.Contains(a.Source));
            foreach (var user in (await Recipients.InRoleAsync(db, Roles.Supervisor, c.TeamId, ct)).Where(u => u != recorder?.Id))
                raised.Add(New(user, NotificationKinds.NewInformation, consider?.Id ?? d.Id, d.CaseId, $"New information on {c.Reference}: {Clip(d.Rationale.StartsWith(LateResults.Opening, StringComparison.Ordinal) ? d.Rationale[LateResults.Opening.Length..] : d.Rationale)}", $"/cases/{d.CaseId}/enquiry"));
        }
        foreach (var q in Added<FamilyQuestion>(db))
        {
            var c = await cases.OfAsync(q.CaseId, ct);
            // Recorded by staff (a phone call, a visit), it is told to the others looking after the family: the one who
            // recorded it knows (ADR 1639). Before, only a portal question was told when asked.
            var portal = q.Source == "portal";
            var recorder = portal ? null : await Recipients.ActingAsync(db, ct);
            var text = portal ? $"The family asked a question on {c.Reference}; answer due {time.Show(q.DueAt)}"
                : $"A question from the family was recorded on {c.Reference} by {recorder?.DisplayName ?? Features.Audit.AuditActor.Say(db.Actor.Name)}; answer due {time.Show(q.DueAt)}";
            foreach (var user in (await Recipients.FamilyLiaisonAsync(db, q.CaseId, c.TeamId, ct)).Where(u => u != recorder?.Id))
                raised.Add(New(user, NotificationKinds.FamilyQuestion, q.Id, q.CaseId, text, $"/cases/{q.CaseId}/family"));
        }
        // What the family sent through the portal (a letter, a photograph, what they found) is told to those looking after
        // them, as their questions are: before, it raised an unallocated action and told nobody (walk61 finding 9, ADR 1654).
        foreach (var s in Added<FamilySubmission>(db))
        {
            var c = await cases.OfAsync(s.CaseId, ct);
            var files = s.Files.Count > 0 ? $" with {Plural.Count(s.Files.Count, "file", "files")}" : "";
            foreach (var user in await Recipients.FamilyLiaisonAsync(db, s.CaseId, c.TeamId, ct))
                raised.Add(New(user, NotificationKinds.FamilySubmission, s.Id, s.CaseId, $"The family sent information on {c.Reference}{files}: read and assess it", $"/cases/{s.CaseId}/family"));
        }
        foreach (var a in Allocations(db))
        {
            var c = await cases.OfAsync(a.CaseId, ct);
            if (await Recipients.ByUserNameAsync(db, a.AllocatedTo!, ct) is { } user)
                raised.Add(New(user, NotificationKinds.ActionAllocated, a.Id, a.CaseId, $"Action {a.Label} on {c.Reference} allocated to you: {Clip(a.Title)}", $"/cases/{a.CaseId}/enquiry"));
        }
        // One unread possible-links notice an analyst at most: it says the queue holds something new since it was raised,
        // and the queue counts (ADR 1653). One per comparison buried the analyst's other notices (walk60: 79 unread). The
        // links that join it while unread bring its time up to theirs (ADR 3316): an old date read as nothing new.
        if (Added<LinkCandidate>(db).Any())
            foreach (var user in await Recipients.InRoleGatheringIntoUnreadAsync(db, Roles.Analyst, NotificationKinds.LinkageAlert, now, ct))
                raised.Add(New(user, NotificationKinds.LinkageAlert, null, null, "New possible links between deaths to review", "/linkage"));
        db.UserNotifications.AddRange(raised);

        Notification New(string user, string kind, Guid? subject, Guid? caseId, string text, string href) =>
            new() { UserId = user, Kind = kind, SubjectId = subject, CaseId = caseId, Text = text, Href = href, CreatedAt = now };
    }

    private static IEnumerable<T> Added<T>(VigilDbContext db) where T : class =>
        db.ChangeTracker.Entries<T>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();

    /// <summary>Actions whose officer was set or changed in this save.</summary>
    private static List<CaseAction> Allocations(VigilDbContext db) =>
        db.ChangeTracker.Entries<CaseAction>().Where(e => e.Entity.AllocatedTo is not null && (e.State == EntityState.Added
            || (e.State == EntityState.Modified && !string.Equals(e.Property(a => a.AllocatedTo).OriginalValue, e.Entity.AllocatedTo, StringComparison.Ordinal))))
            .Select(e => e.Entity).ToList();

    private static string Clip(string? s) => s is null ? "" : s.Length <= 200 ? s : s[..197] + "...";

    /// <summary>Reference and team of the cases events concern, from the save's own new cases or the store.</summary>
    private sealed class CaseFacts(VigilDbContext db)
    {
        private readonly Dictionary<Guid, (string Reference, Guid TeamId)> known = [];

        public async Task<(string Reference, Guid TeamId)> OfAsync(Guid id, CancellationToken ct)
        {
            if (known.TryGetValue(id, out var k)) return k;
            var local = db.Cases.Local.FirstOrDefault(c => c.Id == id);
            k = local is not null ? (local.Reference, local.TeamId)
                : await db.Cases.AsNoTracking().Where(c => c.Id == id).Select(c => new ValueTuple<string, Guid>(c.Reference, c.TeamId)).FirstOrDefaultAsync(ct);
            return known[id] = k;
        }
    }
}
