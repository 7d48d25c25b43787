namespace Vigil.Web.Features.Enquiries.Exhibits;

/// <summary>Whether an exhibit was tested, as its chain of custody says (ADR 3324). The case page's Exhibits table read
/// only the record's own "tested" flag, so an exhibit submitted to a laboratory read "Tested: not recorded" beside the
/// custody panel's "1 awaiting a result" (walk61 finding 5). A laboratory's result sets the flag; a submission still
/// awaiting one is said as such; the flag as imported or typed is said otherwise.</summary>
public static class ExhibitTesting
{
    /// <summary>The words for the "Tested" column.</summary>
    public static string Says(Exhibit e, IEnumerable<ForensicSubmission> submissions)
    {
        var sent = submissions.Where(s => s.ExhibitId == e.Id).ToList();
        if (e.Tested != true && sent.Count > 0 && sent.All(s => s.Result is null))
            return $"submitted to {string.Join(", ", sent.Select(s => s.Laboratory).Distinct(StringComparer.Ordinal))}, awaiting the result";
        return e.Tested switch { true => "yes", false => "NOT TESTED", null => "not recorded" };
    }

    /// <summary>Sent to a laboratory, its result not yet back: in hand, not a gap.</summary>
    public static bool Awaiting(Exhibit e, IEnumerable<ForensicSubmission> submissions) =>
        e.Tested != true && submissions.Any(s => s.ExhibitId == e.Id);

    /// <summary>Neither tested nor submitted: what the table flags.</summary>
    public static bool Unknown(Exhibit e, IEnumerable<ForensicSubmission> submissions) =>
        e.Tested != true && !submissions.Any(s => s.ExhibitId == e.Id);
}
