namespace Vigil.Web.Features.Family;

/// <summary>A recorded moment from which the force knew of a family to contact (ADR 3224).</summary>
public sealed class ClockStart
{
    public Guid CaseId { get; init; }
    public DateTime At { get; init; }
    public ClockStartKind Kind { get; init; }
    /// <summary>The deployed officer's name (<see cref="ClockStartKind.FloDeployed"/>) or where a question came from
    /// (<see cref="ClockStartKind.QuestionAsked"/>: "portal" or "recorded"); empty for the others. Never a family
    /// member's name or words: the deadline is shown to every reader of the case (ADR 0502, 3228).</summary>
    public string Detail { get; init; } = "";
}

/// <summary>The four events that start the clock (ADR 3224); the order is the tie-break when two happen at one moment.</summary>
public enum ClockStartKind { Identified, FloDeployed, MemberRecorded, QuestionAsked }

/// <summary>What started a case's first-contact clock, and when: said beside the deadline (ADR 3228).</summary>
public sealed record ClockStarted(DateTime At, ClockStartKind Kind, string Detail);

/// <summary>A case's first-contact clock as read for <see cref="FamilyDeadlines"/>: when it started (null: nothing
/// started it), by what, and whether liaison has ended.</summary>
public sealed record FirstContactClock(DateTime? StartedAt, bool LiaisonEnded, ClockStartKind Kind = ClockStartKind.Identified, string Detail = "")
{
    public static readonly FirstContactClock NotStarted = new(null, false);

    public ClockStarted? Start => StartedAt is { } at ? new(at, Kind, Detail) : null;
}

/// <summary>What starts the first-contact clock, written once (ADR 3224): the earliest of the deceased's identification,
/// an FLO's deployment (ended or not), a family member recorded and a question the family asked. Every reader takes it
/// from here: the SQL of the lists and the due-event sweep (<see cref="LiaisonStatus"/>) ask
/// <c>Starts(db).Any(s =&gt; s.CaseId == c.Id &amp;&amp; s.At &lt; t)</c>, the family page and panels read the earliest
/// with <see cref="OfAsync"/> and hand it to <see cref="FamilyDeadlines"/>. Before, only identification started it, and a family
/// with an FLO and a question but no identification time went 19 months uncontacted with no flag (walk51).</summary>
public static class ContactClock
{
    /// <summary>One row per start event; a case the force knows nothing of has none.</summary>
    public static IQueryable<ClockStart> Starts(VigilDbContext db) =>
        db.FamilyFiles.Where(f => f.IdentifiedAt != null)
            .Select(f => new ClockStart { CaseId = f.CaseId, At = f.IdentifiedAt!.Value, Kind = ClockStartKind.Identified, Detail = "" })
            .Concat(db.FloDeployments.Select(d => new ClockStart { CaseId = d.CaseId, At = d.DeployedAt, Kind = ClockStartKind.FloDeployed, Detail = d.OfficerName }))
            .Concat(db.FamilyMembers.Select(m => new ClockStart { CaseId = m.CaseId, At = m.CreatedAt, Kind = ClockStartKind.MemberRecorded, Detail = "" }))
            .Concat(db.FamilyQuestions.Select(q => new ClockStart { CaseId = q.CaseId, At = q.AskedAt, Kind = ClockStartKind.QuestionAsked, Detail = q.Source }));

    /// <summary>The clock of each of <paramref name="ids"/>, with what started it, in one statement. The earliest start is
    /// asked as "first in time order", not MIN: SQLite pushes the case's id into each arm of the union only then (an index
    /// search per table, where MIN scanned all four tables for every case). Its kind and detail are two more scalar
    /// subqueries in the same order, not one row: a row-valued subquery is a ROW_NUMBER over the whole union on SQLite
    /// (no LATERAL), and the same total order (time, kind, detail) makes the three name one event (ADR 3228).</summary>
    public static async Task<Dictionary<Guid, FirstContactClock>> OfAsync(VigilDbContext db, List<Guid> ids, CancellationToken ct)
    {
        var (starts, files) = (Starts(db), db.FamilyFiles);
        var rows = await db.Cases.AsNoTracking().Where(c => ids.Contains(c.Id)).Select(c => new
        {
            c.Id,
            StartedAt = starts.Where(s => s.CaseId == c.Id).OrderBy(s => s.At).ThenBy(s => s.Kind).ThenBy(s => s.Detail).Select(s => (DateTime?)s.At).FirstOrDefault(),
            Kind = starts.Where(s => s.CaseId == c.Id).OrderBy(s => s.At).ThenBy(s => s.Kind).ThenBy(s => s.Detail).Select(s => (ClockStartKind?)s.Kind).FirstOrDefault(),
            Detail = starts.Where(s => s.CaseId == c.Id).OrderBy(s => s.At).ThenBy(s => s.Kind).ThenBy(s => s.Detail).Select(s => s.Detail).FirstOrDefault(),
            Ended = files.Any(f => f.CaseId == c.Id && f.LiaisonEndedAt != null),
        }).ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => new FirstContactClock(r.StartedAt, r.Ended, r.Kind ?? ClockStartKind.Identified, r.Detail ?? ""));
    }
}
