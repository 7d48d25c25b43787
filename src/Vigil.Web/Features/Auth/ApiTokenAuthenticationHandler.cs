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
        // One round trip for the token, its owner and the owner's roles (three before: ADR 1933), read afresh on every
        // request so that revoking, disabling or a change of roles still takes effect on the next one.
        var found = await TokenByHash.For(db)(db, hash, Context.RequestAborted);
        var now = clock.GetUtcNow().UtcDateTime;
        if (found is null || found.RevokedAt is not null || found.ExpiresAt <= now) return AuthenticateResult.Fail("token unknown, revoked or expired");
        if (found.Owner is not { } user || user.Disabled) return AuthenticateResult.Fail("token owner disabled");
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id),
            new(ClaimTypes.Name, user.UserName ?? user.Id),
            new(VigilClaims.TokenId, found.Id.ToString()),
        };
        claims.AddRange(found.Roles.OfType<string>().Select(r => new Claim(ClaimTypes.Role, r)));
        var identity = new ClaimsIdentity(claims, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <summary>Compiled once (ADR 2192): every API request runs it, and EF otherwise rebuilds, parameterises and looks up
    /// the query's expression tree each time.</summary>
    private static readonly CompiledPerModel<Func<VigilDbContext, string, CancellationToken, Task<TokenRow?>>> TokenByHash = new(() =>
        EF.CompileAsyncQuery((VigilDbContext db, string hash, CancellationToken ct) =>
            db.ApiTokens.AsNoTracking().Where(t => t.SecretHash == hash)
                .Select(t => new TokenRow(
                    t.Id, t.RevokedAt, t.ExpiresAt,
                    db.Users.Where(u => u.Id == t.UserId).Select(u => new TokenOwner(u.Id, u.UserName, u.Disabled)).FirstOrDefault(),
                    db.UserRoles.Where(r => r.UserId == t.UserId).Join(db.Roles, r => r.RoleId, role => role.Id, (r, role) => role.Name).ToList()))
                .AsSingleQuery().FirstOrDefault()));

    private sealed record TokenRow(Guid Id, DateTime? RevokedAt, DateTime? ExpiresAt, TokenOwner? Owner, List<string?> Roles);
    private sealed record TokenOwner(string Id, string? UserName, bool Disabled);

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }

    public static string HashSecret(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static string NewSecret() => TokenPrefix + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
