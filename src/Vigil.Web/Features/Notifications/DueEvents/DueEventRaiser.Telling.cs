using Vigil.Web.Features.Family.Liaison;

namespace Vigil.Web.Features.Notifications.DueEvents;

/// <summary>Who is told of a due event, and in which list (ADRs 3152, 3165, 3167); when nobody can be, see
/// DueEventRaiser.Untold.cs.</summary>
public sealed partial class DueEventRaiser
{
    /// <summary>Each person's events by kind and by the list that holds them for that person (<see cref="ListHoldingAsync"/>).</summary>
    private async Task<List<Telling>> TellingsAsync(List<DueEvent> events, CancellationToken ct)
    {
        var tellings = new List<Telling>();
        var told = events.SelectMany(e => e.To.Distinct(StringComparer.Ordinal).Select(user => (User: user, Event: e))).GroupBy(t => (t.User, t.Event.Kind));
        foreach (var person in told)
        {
            var lists = new List<(string? List, DueEvent Event)>();
            foreach (var t in person) lists.Add((await ListHoldingAsync(t.User, t.Event, ct), t.Event));
            var wording = DueEventDigests.InAList(person.Key.Kind, time);
            tellings.AddRange(lists.GroupBy(l => l.List).Select(list => new Telling(person.Key.User, person.Key.Kind, list.Key, [.. list.Select(l => l.Event)], wording)));
        }
        return tellings;
    }

    /// <summary>The page <paramref name="user"/> may open that lists <paramref name="e"/>, or null when none does (they
    /// are told of it on its own, naming its case): a digest says "open the list to see each", so its list must show each
    /// event it counts to the person told (ADR 3165). Missed contacts: the liaison dashboard's every family case of the
    /// reader's teams (FLOs and supervisors; "deployed to me" alone leaves out a team FLO's undeployed cases). Reviews and
    /// actions: a supervisor's overdue lists; else My work, which lists only the actions allocated to the reader; else the
    /// officer in charge's lists of the cases they lead (ADR 1634: without them each such event was told on its own, and the
    /// demo's investigator got 3,199 notifications in one sweep).</summary>
    private async Task<string?> ListHoldingAsync(string user, DueEvent e, CancellationToken ct)
    {
        var scope = await ScopeOfAsync(user, ct);
        if (scope is null) return null;
        return e.Kind switch
        {
            NotificationKinds.ContactOverdue when scope.CanLiaise => "/liaison?all=true",
            NotificationKinds.ReviewDue when scope.CanSupervise => "/enquiries/lists/overdue-reviews",
            // The overdue actions' lists narrowed to the mandatory ones, which are all the digest counts (ADR 3282).
            NotificationKinds.ActionOverdue when scope.CanSupervise => Enquiries.Dashboards.WorkLists.MandatoryOverdueHref("/enquiries/lists"),
            NotificationKinds.ActionOverdue when scope.CanEdit && e.Officer == user => "/enquiries/my-work",
            NotificationKinds.ActionOverdue when scope.CanEdit && e.Lead == user => Enquiries.Dashboards.WorkLists.MandatoryOverdueHref("/enquiries/led"),
            NotificationKinds.ReviewDue when scope.CanEdit && e.Lead == user => "/enquiries/led/overdue-reviews",
            NotificationKinds.QuestionOverdue when scope.CanLiaise => OverdueFamilyLists.Href(OverdueFamilyLists.Questions),
            NotificationKinds.FamilyTaskOverdue when scope.CanLiaise => OverdueFamilyLists.Href(OverdueFamilyLists.Tasks),
            _ => null,
        };
    }

    /// <summary>Of <paramref name="users"/>, in order, those whose account is enabled and who may read the case now
    /// (<see cref="CaseAccess"/>'s rule, as the inbox applies it): a notification to anyone else tells no one.</summary>
    private async Task<List<string>> TellableAsync(IReadOnlyList<string> users, Guid caseId, Guid teamId, CancellationToken ct)
    {
        var tellable = new List<string>(users.Count);
        foreach (var user in users)
            if (await ScopeOfAsync(user, ct) is { } scope && scope.CanRead(caseId, teamId)) tellable.Add(user);
        return tellable;
    }

    /// <summary>A user's case scope now, read once per sweep; null when the account is disabled.</summary>
    private async Task<CaseScope?> ScopeOfAsync(string user, CancellationToken ct)
    {
        if (!scopes.TryGetValue(user, out var scope))
            scopes[user] = scope = await db.Users.AnyAsync(u => u.Id == user && !u.Disabled, ct) ? await CaseAccess.ScopeForUserAsync(db, user, ct) : null;
        return scope;
    }

    /// <summary>A role's holders in a team, read once per sweep per team.</summary>
    private async Task<List<string>> InRoleAsync(string role, Guid team, CancellationToken ct)
    {
        if (!roleHolders.TryGetValue((role, team), out var users))
            roleHolders[(role, team)] = users = await Recipients.InRoleAsync(db, role, team, ct);
        return users;
    }
}
