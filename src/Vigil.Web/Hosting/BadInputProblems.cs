using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;

namespace Vigil.Web.Hosting;

/// <summary>A query or route value the API could not bind (a junk date, a broken paging cursor, a word where a number
/// belongs) is answered as a validation problem naming the parameter and what it expects, not a bare "Bad Request"
/// (issue 14, ADR 1261). Minimal APIs throw on such input (ThrowOnBadRequest); the exception handler answers 400.</summary>
public static partial class BadInputProblems
{
    public static IServiceCollection AddVigilProblemDetails(this IServiceCollection services)
    {
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            Describe(context);
            Features.Auth.UnauthorizedProblem.Describe(context);
        });
    }

    private static void Describe(ProblemDetailsContext context)
    {
        var errors = context.Exception switch
        {
            BadCursorException cursor => new Dictionary<string, string[]> { ["after"] = [cursor.Message] },
            BadHttpRequestException { InnerException: System.Text.Json.JsonException json } => ForBody(json),
            BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status400BadRequest => ForBinding(bad, context.HttpContext),
            _ => null,
        };
        if (errors is null) return;
        context.ProblemDetails.Title = "One or more values in the request are not valid";
        context.ProblemDetails.Detail = string.Join(" ", errors.SelectMany(e => e.Value));
        context.ProblemDetails.Extensions["errors"] = errors;
    }

    /// <summary>"Failed to bind parameter "DateOnly? From" from "junk"." → { "from": ["'junk' is not a date (yyyy-mm-dd)."] };
    /// missing or blank → { "from": ["from is required: send a date (yyyy-mm-dd)."] }.</summary>
    private static Dictionary<string, string[]> ForBinding(BadHttpRequestException bad, HttpContext http)
    {
        if (BindFailure().Match(bad.Message) is not { Success: true } m)
            return new() { [http.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>() is null ? "request" : "body"] = [bad.Message] };
        var name = char.ToLowerInvariant(m.Groups["name"].Value[0]) + m.Groups["name"].Value[1..];
        var expected = Expected(m.Groups["type"].Value);
        // Sent blank ("?team="), it is missing, not malformed: "'' is not an id" read as the binder's words (ADR 3362).
        var message = m.Groups["value"] is { Success: true, Length: > 0 } value
            ? $"'{value.Value}' is not {expected}."
            : $"{name} is required: send {expected}.";
        return new() { [name] = [message] };
    }

    /// <summary>A body the API's JSON options refuse (an unknown member, a missing required one, a null where the
    /// document says not null, a wrong type) is named by its JSON path: { "body.teamId_typo": ["..."] }.</summary>
    private static Dictionary<string, string[]> ForBody(System.Text.Json.JsonException json)
    {
        var path = json.Path is { Length: > 1 } p ? "body" + p[1..] : "body";
        var member = UnmappedMember().Match(json.Message) is { Success: true } m ? m.Groups["name"].Value : null;
        var name = member is null || path.EndsWith(member, StringComparison.Ordinal) ? path : path + "." + member;
        var message = member is not null ? $"'{member}' is not a member of this request; the OpenAPI document lists the members it takes."
            : json.Message.Split(" Path:", 2)[0];
        return new() { [name] = [message] };
    }

    [GeneratedRegex("The JSON property '(?<name>[^']+)' could not be mapped")]
    private static partial Regex UnmappedMember();

    private static string Expected(string type) => type.TrimEnd('?').Replace("Nullable<", "", StringComparison.Ordinal).TrimEnd('>') switch
    {
        "DateOnly" => "a date (yyyy-mm-dd)",
        "DateTime" or "DateTimeOffset" => "a date and time (ISO 8601)",
        "Guid" => "an id (a GUID)",
        "int" or "Int32" or "long" or "Int64" => "a whole number",
        "bool" or "Boolean" => "true or false",
        var other => $"a valid {other}",
    };

    [GeneratedRegex("parameter \"(?<type>[^\"]+) (?<name>\\w+)\"(?: from \"(?<value>[^\"]*)\")?")]
    private static partial Regex BindFailure();
}
