namespace Vigil.Web.Features.Notifications.DueEvents;

/// <summary>Events nobody in the team can be told of (a team with no enabled supervisor, or no FLO, and no officer who
/// can read the case).</summary>
public sealed partial class DueEventRaiser
{
    /// <summary>One save's events nobody in the team can be told of, by team and kind: the administrators' digests, and
    /// the groups not even an administrator hears of (no administrator's account is enabled).</summary>
    private sealed record Untold(List<Telling> Tellings, List<(string Team, string Kind, int Count)> ToNobody);

    /// <summary>Such events go to the administrators, one unread digest per team and kind naming no case: an administrator
    /// cannot read the cases, but can give the team the person it lacks. Without this such an event was raised to no one
    /// and, raised once, never again: a family uncontacted with nobody told is the failure this product exists to prevent.
    /// With no enabled administrator either, the events are still raised (the next sweep would find nobody again) and
    /// each team and kind is logged as a warning, so the operators hear of it (ADR 3183).</summary>
    private async Task<Untold> UntoldAsync(List<DueEvent> events, CancellationToken ct)
    {
        var untold = events.Where(e => e.To.Count == 0).GroupBy(e => (e.TeamId, e.Kind)).ToList();
        if (untold.Count == 0) return new([], []);
        administrators ??= await Recipients.InRoleAsync(db, Roles.Administrator, null, ct);
        var (tellings, toNobody) = (new List<Telling>(), new List<(string, string, int)>());
        foreach (var group in untold)
        {
            var team = await db.Teams.AsNoTracking().Where(t => t.Id == group.Key.TeamId).Select(t => t.Name).FirstOrDefaultAsync(ct) ?? "(a removed team)";
            if (administrators.Count == 0) toNobody.Add((team, group.Key.Kind, group.Count()));
            var wording = DueEventDigests.NobodyToTell(group.Key.Kind, team);
            tellings.AddRange(administrators.Select(admin => new Telling(admin, group.Key.Kind, $"/admin/users#team-{group.Key.TeamId}", [.. group], wording, Gather: true)));
        }
        return new(tellings, toNobody);
    }

    private void LogToldNobody(Untold untold)
    {
        foreach (var (team, kind, count) in untold.ToNobody) ToldNobody(log, count, kind, team);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} due events of kind {Kind} in team {Team} were raised with nobody to tell: the team has no one who may be told and no administrator's account is enabled; give the team a supervisor or FLO, or enable an administrator (ADR 3183)")]
    private static partial void ToldNobody(ILogger logger, int count, string kind, string team);
}
