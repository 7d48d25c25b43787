namespace Vigil.Web.Features.Auth;

/// <summary>The API's 401 says why in words (walk53 finding 25): no token was sent, or the one sent is not valid. It
/// never says which of unknown, expired, revoked or a disabled owner: that would tell whoever holds a guessed or stolen
/// secret whether it was ever a token, and when it stopped (ADR 3238).</summary>
public static class UnauthorizedProblem
{
    public const string Missing = "No API token was sent. Send one in the Authorization header as 'Bearer vgl_…'; an administrator gives API tokens on your user page.";

    public const string NotValid = "The API token sent is not valid: it is unknown, expired or revoked, or its account is disabled. Ask an administrator for a new one.";

    /// <summary>Fills the detail of a bare 401 problem document (the status-code pages' and the token scheme's challenge).</summary>
    public static void Describe(ProblemDetailsContext context)
    {
        if (context.ProblemDetails.Status != StatusCodes.Status401Unauthorized || context.ProblemDetails.Detail is not null) return;
        context.ProblemDetails.Detail = SentBearer(context.HttpContext.Request) ? NotValid : Missing;
    }

    /// <summary>RFC 6750 §3: a token that was sent and refused is "invalid_token"; a request without one gets no error code.</summary>
    public static string Challenge(HttpRequest request) => SentBearer(request) ? "Bearer error=\"invalid_token\"" : "Bearer";

    private static bool SentBearer(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
}
