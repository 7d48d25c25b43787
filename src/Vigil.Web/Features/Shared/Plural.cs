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
}
