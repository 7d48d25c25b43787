namespace Vigil.Web.Features.Shared;

/// <summary>Codes as people say them. Stored values keep the death-record format's spellings ("home-own",
/// "lying-supine"); every page shows these words instead ("own home", "lying on back"). A code with no entry
/// here is shown with its hyphens as spaces, so a new code is never shown raw (ADR 0651).</summary>
public static class Words
{
    private static readonly Dictionary<string, string> Phrases = new(StringComparer.Ordinal)
    {
        // Settings
        ["home-own"] = "own home", ["home-other"] = "someone else's home", ["residential-exterior"] = "outside a home",
        ["care-home"] = "care home", ["venue"] = "venue (bar, club or event)",
        // Positions of the body
        ["lying-supine"] = "lying on back", ["lying-prone"] = "lying face down", ["lying-side"] = "lying on side",
        ["sitting-propped"] = "sitting, propped up", ["in-water"] = "in water",
        // Scene features
        ["clothing-anomaly"] = "clothing out of place", ["signs-of-trauma"] = "signs of injury", ["no-identification"] = "no identification on the body",
        ["covered"] = "body covered", ["alcohol-present"] = "alcohol present", ["forced-entry"] = "signs of forced entry",
        ["injection-site"] = "injection site on the body",
        // People
        ["last-seen-with"] = "last seen with", ["present-at-death"] = "present at death", ["next-of-kin"] = "next of kin",
        ["certifying-doctor"] = "certifying doctor",
        // Exhibits
        ["drug-wrap"] = "drug wrap",
        // Sex and manner
        ["unknown"] = "not known", ["pending"] = "pending (not yet decided)",
        // Actions and decisions
        ["result-submitted"] = "result submitted", ["not-pursued"] = "not pursued", ["submit-result"] = "submit a result",
        ["send-back"] = "send back for more work", ["not-pursue"] = "do not pursue",
        ["override-requested"] = "override requested", ["override-signed"] = "override signed", ["override-declined"] = "override declined",
        ["case-closed"] = "case closed", ["case-reopened"] = "case reopened", ["action-reviewed"] = "action result reviewed",
        ["action-not-pursued"] = "action not pursued", ["review-completed"] = "case review completed",
        ["new-information"] = "new information after the decision",
        // An examination's kind keeps its hyphen: "Post-mortem result recorded." (walk61 read "post-mortem result recorded.").
        [ExaminationKinds.PostMortem] = "post-mortem",
        // Roles
        [Roles.Investigator] = "investigator", [Roles.Supervisor] = "supervisor", [Roles.Analyst] = "analyst",
        [Roles.FamilyLiaison] = "family liaison officer", [Roles.Reviewer] = "independent reviewer", [Roles.Administrator] = "administrator",
    };

    /// <summary>The words for a code; empty for none.</summary>
    public static string Of(string? code) =>
        string.IsNullOrEmpty(code) ? "" : Phrases.TryGetValue(code, out var words) ? words : code.Replace('-', ' ');

    /// <summary>The words for a code, or <paramref name="none"/> when it is not recorded.</summary>
    public static string Of(string? code, string none) => string.IsNullOrEmpty(code) ? none : Of(code);

    public static string List(IEnumerable<string> codes) => string.Join(", ", codes.Select(Of));

    /// <summary>With a capital first letter, for labels and the start of a sentence.</summary>
    public static string Capitalised(string? code) => Of(code) is { Length: > 0 } w ? char.ToUpperInvariant(w[0]) + w[1..] : "";
}
