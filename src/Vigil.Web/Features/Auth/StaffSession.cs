using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace Vigil.Web.Features.Auth;

/// <summary>A staff cookie is good only while its user's security stamp is the one it was issued with, checked on
/// every request (one indexed read). Signing out, disabling the user or resetting their password rotates the stamp,
/// so a copied cookie stops working at once, not at the cookie's expiry (issue 8, finding 6; ADR 0503).</summary>
public static class StaffSession
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext ctx)
    {
        var http = ctx.HttpContext;
        var stampClaim = http.RequestServices.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        var id = ctx.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        var stamp = ctx.Principal?.FindFirstValue(stampClaim);
        var db = http.RequestServices.GetRequiredService<VigilDbContext>();
        // The header counts what the inbox lists (ADR 2803, 2904): every notification for a reader of every case; for team
        // roles, those without a case or about a case of their teams or grants; for anyone else, those without a case.
        // Only the one count the roles (in the cookie) need is asked for: the stamp is read on every request.
        var sql = ctx.Principal is null ? StampSql.All : CaseAccess.Reach(ctx.Principal.IsInRole) switch
        {
            (true, _) => StampSql.All,
            (false, true) => StampSql.InScope,
            _ => StampSql.WithoutCase,
        };
        var current = id is null ? null : await CurrentStampAsync(db, id, sql, http.RequestAborted);
        if (current is null || current.Disabled || stamp is null || !string.Equals(current.SecurityStamp, stamp, StringComparison.Ordinal))
        {
            ctx.RejectPrincipal();
            await http.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }
        RequestUser.Keep(http, RequestUser.From(id!, current.Memberships, current.Unread));
        // Identity's own validator still refreshes roles from the store at its interval.
        await SecurityStampValidator.ValidatePrincipalAsync(ctx);
    }

    /// <summary>Ends every session of the user (every cookie fails <see cref="ValidateAsync"/> from the next request, on
    /// every node) with a new security stamp (ADR 3349). Identity's <see cref="UserManager{TUser}.UpdateSecurityStampAsync"/>
    /// writes under the concurrency stamp the request read and answers a failed result, not an exception, if another write
    /// came between (a try counted or cleared on another browser): a sign-out, or a lockout's "signed out everywhere", then
    /// ended only this browser's cookie and left every copy good. So the row is re-read and the stamp written again; each
    /// clash is another write meanwhile, so a few suffice, and past them the request fails rather than say it is done.</summary>
    public static async Task EndEverywhereAsync(UserManager<VigilUser> users, VigilDbContext db, VigilUser user, CancellationToken ct)
    {
        const int MaxClashes = 10;
        IdentityResult written = IdentityResult.Success;
        for (var clash = 0; clash < MaxClashes; clash++)
        {
            written = await users.UpdateSecurityStampAsync(user);
            if (written.Succeeded) return;
            if (!written.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure))) break;
            await db.Entry(user).ReloadAsync(ct);
        }
        throw new InvalidOperationException($"The sessions of user {user.Id} could not be ended: {string.Join(" ", written.Errors.Select(e => e.Description))}");
    }

    /// <summary>The stamp, with the user's memberships and unread count, which the request's case scope and page header
    /// read next (ADR 2433: one statement instead of three). One row per membership (at least one: LEFT JOIN); each of the
    /// three statements' text is fixed, so PostgreSQL prepares it once per connection as before (ADR 1932). The count names
    /// the user by the parameter, not by the joined row, so it is counted once (an InitPlan), not once per membership row.</summary>
    private static async Task<UserStamp?> CurrentStampAsync(VigilDbContext db, string id, string sql, CancellationToken ct)
    {
        var rows = await db.Database.SqlQueryRaw<StampRow>(sql, id).ToListAsync(ct);
        if (rows.Count == 0) return null;
        return new UserStamp(rows[0].SecurityStamp, rows[0].Disabled, rows.Select(r => (r.Kind, r.Value)).ToList(), (int)rows[0].Unread);
    }

    /// <summary>The stamp statement with the unread count a user's reach needs (ADR 2904): all unread; those in a team
    /// reader's scope (driven from the user's unread notifications, each case found by its key); those without a case.
    /// A notice whose task is done is not unread (ADR 3301).</summary>
    private static class StampSql
    {
        public static readonly string All = With("""
            SELECT count(*) FROM notifications AS n WHERE n."UserId" = {0} AND n."ReadAt" IS NULL AND n."DoneAt" IS NULL
            """);

        public static readonly string InScope = With("""
            SELECT count(*) FROM notifications AS n LEFT JOIN cases AS c ON c."Id" = n."CaseId"
            WHERE n."UserId" = {0} AND n."ReadAt" IS NULL AND n."DoneAt" IS NULL
              AND (n."CaseId" IS NULL
                   OR c."TeamId" IN (SELECT ut."TeamId" FROM user_teams AS ut WHERE ut."UserId" = {0})
                   OR n."CaseId" IN (SELECT g."CaseId" FROM case_grants AS g WHERE g."UserId" = {0}))
            """);

        public static readonly string WithoutCase = With("""
            SELECT count(*) FROM notifications AS n WHERE n."UserId" = {0} AND n."ReadAt" IS NULL AND n."DoneAt" IS NULL AND n."CaseId" IS NULL
            """);

        private static string With(string count) =>
            $"""
            SELECT u."SecurityStamp", u."Disabled", ({count}) AS "Unread", m."Kind", m."Value"
            FROM "AspNetUsers" AS u
            LEFT JOIN ({string.Format(System.Globalization.CultureInfo.InvariantCulture, RequestUser.MembershipRows, "{0}")}) AS m ON 1 = 1
            WHERE u."Id" = {"{0}"}
            """;
    }

    private sealed record StampRow(string? SecurityStamp, bool Disabled, long Unread, string? Kind, string? Value);

    private sealed record UserStamp(string? SecurityStamp, bool Disabled, List<(string? Kind, string? Value)> Memberships, int Unread);
}
