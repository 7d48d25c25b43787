namespace Vigil.Web.Features.Family;

/// <summary>What started a first-contact clock, in words, beside its deadline (ADR 3228): the family page, the case
/// panel, the liaison dashboard, the missed-contact notice and the missed-opportunity report all say it this way. A
/// family member's name and a question's words stay out: the deadline is shown to every reader of the case, where
/// family records are for liaison roles only (ADR 0502).</summary>
public static class ClockStartWords
{
    /// <summary>"the clock started 10 May 2025 08:17 BST when DC Grace Okonjo was deployed as FLO".</summary>
    public static string Of(ClockStarted start, ForceTime time) => $"the clock started {time.Show(start.At)} when {What(start)}";

    public static string What(ClockStarted start) => start.Kind switch
    {
        ClockStartKind.Identified => "the deceased was identified",
        ClockStartKind.FloDeployed => $"{(string.IsNullOrWhiteSpace(start.Detail) ? "an officer" : start.Detail)} was deployed as FLO",
        ClockStartKind.MemberRecorded => "a family member was recorded",
        ClockStartKind.QuestionAsked when start.Detail == "portal" => "the family asked a question through the portal",
        ClockStartKind.QuestionAsked => "a question from the family was recorded",
        _ => "the family became known",
    };
}
