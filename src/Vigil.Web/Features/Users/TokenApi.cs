using System.ComponentModel.DataAnnotations;

namespace Vigil.Web.Features.Users;

public sealed record CreateTokenRequest(
    [property: NotBlank, MaxLength(100)] string Name,
    [property: Range(1, 365)] int? Days);

public sealed record TokenResponse(
    Guid Id,
    string? Token,
    DateTime? ExpiresAt);

/// <summary>/api/v1/tokens: a signed-in user makes and revokes their own API tokens. A token cannot mint tokens,
/// so a leaked token cannot be used to make itself permanent.</summary>
public static class TokenApi
{
    public static RouteGroupBuilder Map(RouteGroupBuilder api)
    {
        var tokens = api.MapGroup("/tokens").WithTags("Tokens").RequireAuthorization(Policies.Staff);
        // A token never mints a token: refused by policy (403) before the body is read or checked.
        tokens.MapPost("/", CreateAsync).WithName("CreateToken")
            .RequireAuthorization(p => p.RequireAssertion(c => !c.User.HasClaim(claim => claim.Type == VigilClaims.TokenId)));
        tokens.MapDelete("/{id:guid}", RevokeAsync).WithName("RevokeToken");
        return api;
    }

    private static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateTokenRequest request, ClaimsPrincipal user, UserAdmin admin, CancellationToken ct)
    {
        if (user.FindFirstValue(VigilClaims.TokenId) is not null)
            return TypedResults.Problem(statusCode: 403, title: "Tokens cannot create tokens; sign in to make one.");
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 100)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = ["Give the token a name of 1-100 characters."] });
        var days = request.Days ?? 90;
        var token = await admin.CreateTokenForAsync(user.FindFirstValue(ClaimTypes.NameIdentifier)!, request.Name, TimeSpan.FromDays(days), ct);
        return TypedResults.Ok(new TokenResponse(token.Id, token.Secret, token.ExpiresAt));
    }

    private static async Task<Results<NoContent, NotFound>> RevokeAsync(Guid id, ClaimsPrincipal user, UserAdmin admin, CancellationToken ct) =>
        await admin.RevokeTokenAsync(id, user.FindFirstValue(ClaimTypes.NameIdentifier), TokenEnds.ByOwner, ct) ? TypedResults.NoContent() : TypedResults.NotFound();
}
