namespace Vigil.Web.Features.Oversight.Missed;

public enum SignalKind { Action, RedFlag, LinkageAlert, Review, FamilyQuestion, FamilySubmission, Decision, FirstContact }

/// <summary>Something done in answer to a signal: allocated, result, reviewed, opened, decided, answered.</summary>
public sealed record SignalResponse(DateTime At, string What, string? By)
{
    /// <summary>What was done and by whom, naming the officer once ("allocated to DC X", not "… (DC X)" again).</summary>
    public string Line => By is null || What.Contains(By, StringComparison.Ordinal) ? What : $"{What} ({By})";
}

/// <summary>One signal Vigil raised on a case (or a decision taken), what was done about it and when. The first
/// response is what counts as "acted on"; a signal with none is "never acted on" and leads the report.</summary>
public sealed record Signal(
    SignalKind Kind, Guid CaseId, string CaseReference, DateTime RaisedAt, string Title, string Rule, DateTime? DueAt,
    IReadOnlyList<SignalResponse> Responses, string Sentence, string? Key = null)
{
    public DateTime? ActedAt => Responses.Count == 0 ? null : Responses.Min(r => r.At);
    public string? Officer => Responses.OrderBy(r => r.At).Select(r => r.By).FirstOrDefault(b => b is not null);
    public bool NeverActedOn => Kind != SignalKind.Decision && Responses.Count == 0;
    public TimeSpan? Delay => ActedAt - RaisedAt;

    /// <summary>The rule in words for the report's reader, where <see cref="Rule"/> keeps the rule's id (an action's
    /// "rule note-handwriting", a red flag's id) for the PDF and those who match on it.</summary>
    public string? RuleWords { get; init; }

    public string RuleSaid => RuleWords ?? Rule;

    /// <summary>Acted on after its due time, or still not acted on and past it.</summary>
    public bool Late(DateTime asOf) => DueAt is { } due && (ActedAt ?? asOf) > due;
}

/// <summary>The report: the cases it covers, the signals never acted on first, then everything in time order.</summary>
public sealed record MissedReport(
    string Title, string Reference, DateTime AsOf, IReadOnlyList<(Guid Id, string Reference, string? Name, DateTime FoundAt)> Cases,
    IReadOnlyList<Signal> Signals, int HiddenCases, bool FamilyShown)
{
    public IEnumerable<Signal> NeverActedOn => Signals.Where(s => s.NeverActedOn).OrderBy(s => s.RaisedAt);
    public IEnumerable<Signal> Chronology => Signals.OrderBy(s => s.RaisedAt).ThenBy(s => s.CaseReference, StringComparer.Ordinal);

    public static string Duration(TimeSpan? span) => span switch
    {
        null => "—",
        { TotalDays: >= 2 } d => Plural.Count((long)Math.Round(d.TotalDays), "day", "days"),
        { TotalHours: >= 2 } h => Plural.Count((long)Math.Round(h.TotalHours), "hour", "hours"),
        // walk53 finding 13: "1 minutes".
        { } m => Plural.Count((long)Math.Round(Math.Max(0, m.TotalMinutes)), "minute", "minutes"),
    };
}
