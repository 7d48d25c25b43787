using Vigil.Web.Features.Family;

namespace Vigil.Web.Features.Notifications.DueEvents;

/// <summary>Whom a due event is told to, and how (ADR 3152): only people who can be told (an enabled account that may
/// read the case), many events of a kind as one digest linking to a list that shows each (ADR 3165), and events nobody
/// can be told of to the administrators.</summary>
public sealed partial class DueEventRaiser
{
    /// <summary>Events nobody can be told of (a team with no enabled supervisor, or no FLO, and no officer who can read
    /// the case) go to the administrators, one unread notification per team and kind naming no case: an administrator cannot
    /// read the cases, but can give the team the person it lacks. Without this such an event was raised to no one and,
    /// raised once, never again: a family uncontacted with nobody told is the failure this product exists to prevent.</summary>
    private async Task TellAdministratorsOfTheUntoldAsync(List<DueEvent> events, DateTime now, CancellationToken ct)
    {
        var untold = events.Where(e => e.To.Count == 0).GroupBy(e => (e.TeamId, e.Kind)).ToList();
        if (untold.Count == 0) return;
        administrators ??= await Recipients.InRoleAsync(db, Roles.Administrator, null, ct);
        foreach (var group in untold)
        {
            var team = await db.Teams.AsNoTracking().Where(t => t.Id == group.Key.TeamId).Select(t => t.Name).FirstOrDefaultAsync(ct) ?? "(a removed team)";
            var (what, lacks) = group.Key.Kind switch
            {
                NotificationKinds.ContactOverdue => ("missed family contacts", "an enabled family liaison officer or supervisor"),
                NotificationKinds.ReviewDue => ("case reviews due", "an enabled supervisor, and the cases' officer in charge cannot be told"),
                _ => ("overdue mandatory actions", "an enabled supervisor, and neither the actions' officers nor the officer in charge can be told"),
            };
            var text = $"{group.Count()} {what} in team {team} have nobody to tell: the team has no {lacks}. Give the team the person it lacks.";
            // One unread at a time per team and kind: a backlog into such a team would otherwise tell them once a page.
            var href = $"/admin/users#team-{group.Key.TeamId}";
            var admins = administrators;
            var unread = await db.UserNotifications.Where(n => admins.Contains(n.UserId) && n.Kind == group.Key.Kind && n.Href == href && n.ReadAt == null)
                .Select(n => n.UserId).ToListAsync(ct);
            db.UserNotifications.AddRange(administrators.Except(unread).Select(admin =>
                new Notification { UserId = admin, Kind = group.Key.Kind, Text = text, Href = href, CreatedAt = now }));
        }
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
            NotificationKinds.ActionOverdue when scope.CanSupervise => "/enquiries/lists/overdue-actions",
            NotificationKinds.ActionOverdue when scope.CanEdit && e.Officer == user => "/enquiries/my-work",
            NotificationKinds.ActionOverdue when scope.CanEdit && e.Lead == user => "/enquiries/led/overdue-actions",
            NotificationKinds.ReviewDue when scope.CanEdit && e.Lead == user => "/enquiries/led/overdue-reviews",
            _ => null,
        };
    }

    /// <summary>One notification for many events of a kind: how many, when they fell due, and the list that holds them
    /// (<see cref="ListHoldingAsync"/>). It names no case, so it needs no case check.</summary>
    private Notification Digest(string user, IReadOnlyList<DueEvent> events, string list, DateTime now)
    {
        var what = events[0].Kind switch
        {
            NotificationKinds.ActionOverdue => "mandatory actions are overdue",
            NotificationKinds.ReviewDue => "case reviews are due",
            _ => "family contacts were missed",
        };
        // Days in the force's zone, as the lists it links to show them.
        var (first, last) = (forceTime.ToLocal(events.Min(e => e.DueAt)), forceTime.ToLocal(events.Max(e => e.DueAt)));
        var cases = events.Select(e => e.CaseId).Distinct().Count();
        return new Notification
        {
            UserId = user, Kind = events[0].Kind, Href = list, CreatedAt = now,
            Text = $"{events.Count} {what} on {cases} {(cases == 1 ? "case" : "cases")} (due {first:dd MMM yyyy} to {last:dd MMM yyyy}). Open the list to see each.",
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
