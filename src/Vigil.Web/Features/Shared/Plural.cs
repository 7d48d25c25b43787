namespace Vigil.Web.Features.Shared;

/// <summary>A count with its noun in the right number: "1 question", "2 questions", never a noun with "(s)". English
/// only (Vigil's pages are en-GB); the caller gives both forms, as irregular plurals and verb agreement ("is"/"are")
/// are the words' business, not a suffix rule's. The pages' scripts have the same in wwwroot/js/words.js.</summary>
public static class Plural
{
    /// <summary>"{n} {one}" when n is 1, otherwise "{n} {many}"; thousands grouped ("3,198 mandatory actions"), as a
    /// force writes them: the demo's digest read "3198".</summary>
    public static string Count(long n, string one, string many) =>
        string.Create(CultureInfo.InvariantCulture, $"{n:N0} {(n == 1 ? one : many)}");

    /// <summary>How many a page's list holds: "more than 1,000 items" when its count stopped (ADR 1647).</summary>
    public static string Count(IPage page, string one, string many) =>
        page.TotalIsAtLeast ? "more than " + Count(page.Total - 1, one, many) : Count(page.Total, one, many);
}
