using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace Vigil.Web.Hosting;

/// <summary>A POST to /api/v1 made with the staff cookie must declare a JSON body (or the route's own media type:
/// JSON lines, gzip, FHIR JSON), even a POST that reads no body (ADR 3320). SameSite=Strict keeps the cookie from
/// other sites, not from another host of the same site (sec30, sec61): a page there could send a form, a
/// <c>text/plain</c> or a body-less <c>fetch(…, {mode: "no-cors", credentials: "include"})</c> with the cookie, and a
/// browser sends those without asking first. A JSON media type is one it will not send to another origin without a CORS
/// preflight, which Vigil never answers, so such a write never reaches the handler. PUT and DELETE are preflighted
/// whatever they carry. A bearer token is never sent by a browser on its own, so token clients are not asked.</summary>
public sealed class CookieWriteFilter : IEndpointFilter
{
    public const string Title = "A write from a signed-in browser must be sent as JSON";
    public const string Detail = "Send the request with \"Content-Type: application/json\" (a body of {} where the operation "
        + "takes none), or the media type the operation accepts. Vigil's own pages do; a form or plain text posted from "
        + "another page is refused so that it cannot act with your session.";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (HttpMethods.IsPost(http.Request.Method) && !ByToken(http.User) && !DeclaresItsBody(http))
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: Title, detail: Detail);
        return await next(context);
    }

    private static bool ByToken(ClaimsPrincipal user) =>
        user.Identity is { IsAuthenticated: true, AuthenticationType: Features.Auth.ApiTokenAuthenticationHandler.SchemeName };

    /// <summary>JSON (application/json, anything +json), or one of the media types the route itself accepts. The three a
    /// browser sends across origins unasked (forms, multipart, text/plain) are none of these; nor is no Content-Type.</summary>
    private static bool DeclaresItsBody(HttpContext http)
    {
        if (http.Request.HasJsonContentType()) return true;
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var sent) || sent.MediaType.Value is not { } media) return false;
        var accepted = http.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes ?? [];
        return accepted.Any(a => string.Equals(a, media, StringComparison.OrdinalIgnoreCase) && !IsSentUnasked(a));
    }

    /// <summary>The CORS-safelisted request media types (Fetch standard): a route accepting one of them gains nothing here.</summary>
    private static bool IsSentUnasked(string media) =>
        media.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
        || media.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
        || media.Equals("text/plain", StringComparison.OrdinalIgnoreCase);
}
