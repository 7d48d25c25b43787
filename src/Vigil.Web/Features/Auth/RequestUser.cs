namespace Vigil.Web.Features.Auth;

/// <summary>What a request's sign-in check read in the same statement as the user it checks (ADR 2433): the user's
/// teams and granted cases, which nearly every request's case scope needs next, and for a page the header's unread
/// count. One statement instead of two or three, read within the same request as before; a request whose principal
/// is not this user (none signed in, another scheme) reads them itself as before.</summary>
public sealed record RequestUser(string UserId, IReadOnlyList<Guid> Teams, IReadOnlyList<Guid> Grants, int? Unread)
{
    private static readonly object Key = new();

    public static void Keep(HttpContext http, RequestUser user) => http.Items[Key] = user;

    public static RequestUser? Of(HttpContext? http, string userId) =>
        http?.Items.TryGetValue(Key, out var kept) == true && kept is RequestUser u && string.Equals(u.UserId, userId, StringComparison.Ordinal) ? u : null;

    /// <summary>The header's count, when it was read with the user and nothing this request does can have changed it: a
    /// GET or HEAD marks nothing read (a form's POST that renders a page reads it afresh).</summary>
    public static int? UnreadOf(HttpContext? http, string userId) =>
        http is not null && (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)) ? Of(http, userId)?.Unread : null;

    public static RequestUser From(string userId, IEnumerable<(string? Kind, string? Value)> rows, int? unread)
    {
        var list = rows.Where(r => r.Value is not null).ToList();
        return new(userId, Ids(list, Team), Ids(list, Grant), unread);
    }

    private static List<Guid> Ids(List<(string? Kind, string? Value)> rows, string kind) =>
        rows.Where(r => r.Kind == kind).Select(r => Guid.Parse(r.Value!)).Distinct().ToList();

    public const string Role = "role", Team = "team", Grant = "grant";

    /// <summary>Rows of one user's memberships as (Kind, Value): teams and granted cases, as text (a uuid on PostgreSQL, a
    /// TEXT column on SQLite; both parse). Hand-written because EF cannot tell the rows of a union apart in a collection
    /// projection, and two collections would multiply (teams × grants rows). {0} is the user's id, or a scalar subquery
    /// that yields it.</summary>
    public const string MembershipRows =
        """
        SELECT 'team' AS "Kind", CAST(ut."TeamId" AS TEXT) AS "Value" FROM user_teams AS ut WHERE ut."UserId" = {0}
        UNION ALL
        SELECT 'grant', CAST(g."CaseId" AS TEXT) FROM case_grants AS g WHERE g."UserId" = {0}
        """;
}
