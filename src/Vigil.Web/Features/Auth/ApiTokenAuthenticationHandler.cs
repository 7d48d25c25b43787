using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Identity;

namespace Vigil.Web.Features.Auth;

/// <summary>Bearer tokens for the API. A token acts with its owner's current roles and teams, so disabling the
/// user or removing a role takes effect on the next request.</summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    VigilDbContext db, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "VigilToken";
    public const string TokenPrefix = "vgl_";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var secret = header["Bearer ".Length..].Trim();
        if (!secret.StartsWith(TokenPrefix, StringComparison.Ordinal)) return AuthenticateResult.Fail("not a Vigil token");
        var hash = HashSecret(secret);
        // One round trip for the token, its owner, the owner's roles (three before: ADR 1933) and memberships, read afresh on every
        // request so that revoking, disabling or a change of roles still takes effect on the next one.
        var found = await TokenByHashAsync(db, hash, Context.RequestAborted);
        var now = clock.GetUtcNow().UtcDateTime;
        if (found is null || found.RevokedAt is not null || found.ExpiresAt <= now) return AuthenticateResult.Fail("token unknown, revoked or expired");
        if (found.Owner is not { } user || user.Disabled) return AuthenticateResult.Fail("token owner disabled");
        await NoteUseAsync(found, now, Context.RequestAborted);
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id),
            new(ClaimTypes.Name, user.UserName ?? user.Id),
            new(VigilClaims.TokenId, found.Id.ToString()),
        };
        claims.AddRange(found.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        RequestUser.Keep(Context, RequestUser.From(user.Id, found.Memberships, unread: null));
        var identity = new ClaimsIdentity(claims, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <summary>How stale a token's "last used" may be. An administrator deciding whether a token is still in use (to
    /// revoke one nobody uses, or to see that a token reported lost was used after) reads it; before round 53 nothing
    /// wrote it and every token said "never" (walk53 finding 1). Written at most once a window, so a token's requests
    /// do not each pay a write: the first request of each window sends one UPDATE, the others none.</summary>
    public static readonly TimeSpan LastUsedWindow = TimeSpan.FromMinutes(5);

    /// <summary>Records the use when the stored time is older than the window. The condition is in the UPDATE too, so
    /// two nodes (or two requests) at once write it once. Not an audit event: the requests themselves are audited.</summary>
    private async Task NoteUseAsync(TokenRow token, DateTime now, CancellationToken ct)
    {
        var stale = now - LastUsedWindow;
        if (token.LastUsedAt >= stale) return;
        await db.ApiTokens.Where(t => t.Id == token.Id && (t.LastUsedAt == null || t.LastUsedAt < stale))
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.LastUsedAt, now), ct);
    }

    /// <summary>The token, its owner, the owner's roles and memberships (ADR 2433): one row per role or membership, the
    /// token's and owner's columns on each. The memberships are read for the token's owner through a scalar subquery
    /// (evaluated once, then the index on user id), on both stores.</summary>
    private static async Task<TokenRow?> TokenByHashAsync(VigilDbContext db, string hash, CancellationToken ct)
    {
        var rows = await db.Database.SqlQueryRaw<TokenSqlRow>(TokenSql, hash).ToListAsync(ct);
        if (rows.Count == 0) return null;
        var first = rows[0];
        var owner = first.OwnerId is null ? null : new TokenOwner(first.OwnerId, first.UserName, first.Disabled ?? false);
        return new TokenRow(first.Id, first.RevokedAt, first.ExpiresAt, first.LastUsedAt, owner,
            rows.Where(r => r.Kind == RequestUser.Role && r.Value is not null).Select(r => r.Value!).Distinct(StringComparer.Ordinal).ToList(),
            rows.Where(r => r.Kind is RequestUser.Team or RequestUser.Grant).Select(r => (r.Kind, r.Value)).ToList());
    }

    private const string OwnerOfToken = """(SELECT t2."UserId" FROM api_tokens AS t2 WHERE t2."SecretHash" = {0})""";

    private static readonly string TokenSql =
        $"""
        SELECT t."Id", t."RevokedAt", t."ExpiresAt", t."LastUsedAt", u."Id" AS "OwnerId", u."UserName", u."Disabled", m."Kind", m."Value"
        FROM api_tokens AS t
        LEFT JOIN "AspNetUsers" AS u ON u."Id" = t."UserId"
        LEFT JOIN (
            SELECT 'role' AS "Kind", r."Name" AS "Value"
            FROM "AspNetUserRoles" AS ur INNER JOIN "AspNetRoles" AS r ON r."Id" = ur."RoleId"
            WHERE ur."UserId" = {OwnerOfToken}
            UNION ALL
            {string.Format(System.Globalization.CultureInfo.InvariantCulture, RequestUser.MembershipRows, OwnerOfToken)}
        ) AS m ON 1 = 1
        WHERE t."SecretHash" = {"{0}"}
        """;

    private sealed record TokenSqlRow(Guid Id, DateTime? RevokedAt, DateTime? ExpiresAt, DateTime? LastUsedAt, string? OwnerId, string? UserName, bool? Disabled, string? Kind, string? Value);
    private sealed record TokenRow(Guid Id, DateTime? RevokedAt, DateTime? ExpiresAt, DateTime? LastUsedAt, TokenOwner? Owner, List<string> Roles, List<(string? Kind, string? Value)> Memberships);
    private sealed record TokenOwner(string Id, string? UserName, bool Disabled);

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = UnauthorizedProblem.Challenge(Request);
        return Task.CompletedTask;
    }

    public static string HashSecret(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static string NewSecret() => TokenPrefix + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
