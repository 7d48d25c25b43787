namespace Vigil.Web.Features.Family;

public sealed record DeadlineRules(TimeSpan FirstContactWithin, TimeSpan ContactEvery);

/// <summary>The contact the family is owed next. <see cref="Missed"/> once the clock has passed it. A first contact says
/// what started its clock (<see cref="StartedBy"/>, ADR 3228); a later one is due from the last contact.</summary>
public sealed record ContactDue(string What, DateTime DueAt, bool Missed, ClockStarted? StartedBy = null);

public enum QuestionState { Open, Late, Answered, AnsweredLate }

/// <summary>Pure rules for when the family must next be contacted and whether a question is late; the time is
/// passed in (from the injected TimeProvider) so every deadline is testable.</summary>
public static class FamilyDeadlines
{
    /// <summary>Null when no contact is owed: liaison ended, or nobody contacted and nothing has started the clock
    /// (<see cref="ContactClock"/>: identification, an FLO deployed, a family member or question recorded).</summary>
    public static ContactDue? NextContact(FirstContactClock clock, IReadOnlyCollection<FamilyContact> contacts, DateTime now, DeadlineRules rules)
    {
        if (clock.LiaisonEnded) return null;
        if (contacts.Count == 0)
        {
            if (FirstContactDueAt(clock, rules) is not { } first) return null;
            return new ContactDue("First contact with the family", first, now > first, clock.Start);
        }
        var lastAt = contacts.Max(c => c.At);
        var due = lastAt + rules.ContactEvery;
        // An officer may promise an earlier contact; the family is owed whichever comes first. Of several contacts logged
        // at the latest moment, the earliest promise holds, as the liaison row keeps it (CaseLiaison.LatestContactNextDue):
        // the one first in the store's order read "due" on the family page while the dashboard said "missed" (review59).
        if (contacts.Where(c => c.At == lastAt).Min(c => c.NextContactDue) is { } promised && promised < due) due = promised;
        return new ContactDue("Next contact with the family", due, now > due);
    }

    /// <summary>When the first contact is owed: the clock's start plus the window; null when nothing started it.</summary>
    public static DateTime? FirstContactDueAt(FirstContactClock clock, DeadlineRules rules) => clock.StartedAt + rules.FirstContactWithin;

    /// <summary>True when the first contact came after the first-contact deadline (kept visible to supervisors).</summary>
    public static bool FirstContactWasLate(FirstContactClock clock, IReadOnlyCollection<FamilyContact> contacts, DeadlineRules rules) =>
        FirstContactDueAt(clock, rules) is { } due && contacts.Count > 0 && contacts.Min(c => c.At) > due;

    public static QuestionState StateOf(FamilyQuestion q, DateTime now) => q.AnsweredAt switch
    {
        { } answered when answered > q.DueAt => QuestionState.AnsweredLate,
        not null => QuestionState.Answered,
        null when now > q.DueAt => QuestionState.Late,
        _ => QuestionState.Open,
    };

    public static bool IsFlagged(QuestionState s) => s is QuestionState.Late or QuestionState.Open;
}
