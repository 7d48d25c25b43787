using System.Text.RegularExpressions;
using Vigil.Data.Audit;

namespace Vigil.Web.Features.Audit;

/// <summary>Every read of case data by a member of staff leaves an audit entry (issue 8, finding 2; ADR 0502). A
/// successful GET of a route under /cases/{id} is a "view" of that case; any other successful staff GET (lists,
/// searches, queues, dashboards) is a "list" entry with its query. A handler that knows more than its route (which
/// person, which file, both deaths of a comparison) records its own entry with <see cref="Record"/>, and then the
/// default one is not added. Applied to every API endpoint (<see cref="ReadAuditFilter"/>) and every page
/// (<see cref="ReadAuditPageFilter"/>); a page that shows no case data says so with <see cref="NoCaseDataAttribute"/>.</summary>
public static partial class ReadAudit
{
    public const string View = "view";
    public const string List = "list";
    private const string RecordedKey = "vigil:read-recorded";

    /// <summary>An explicit read entry, chained at the handler's next save.</summary>
    public static void Record(HttpContext http, VigilDbContext db, string action, string entityType, string entityId, Guid? caseId, string details)
    {
        db.RecordEvent(action, entityType, entityId, caseId, details);
        http.Items[RecordedKey] = true;
    }

    /// <summary>The default entry for a successful GET, unless the handler recorded its own or the reader is not staff.</summary>
    internal static async Task RecordDefaultAsync(HttpContext http, string? routePattern, CancellationToken ct)
    {
        if (!HttpMethods.IsGet(http.Request.Method) || http.Items.ContainsKey(RecordedKey)) return;
        var user = http.User;
        if (user.Identity?.IsAuthenticated != true || user.IsInRole(Family.Portal.FamilyAuth.Role)) return;
        var route = "/" + (routePattern ?? http.Request.Path.Value ?? "").TrimStart('/');
        var details = JsonSerializer.Serialize(new { via = $"GET {route}", query = http.Request.QueryString.Value ?? "" });
        var db = http.RequestServices.GetRequiredService<VigilDbContext>();
        var draft = CaseRoute().IsMatch(route) && Guid.TryParse(http.GetRouteValue("id")?.ToString(), out var caseId)
            ? new AuditDraft(View, nameof(DeathCase), caseId.ToString(), caseId, details)
            : new AuditDraft(List, "Search", route, null, details);
        await AppendAsync(http, db, draft, ct);
    }

    /// <summary>An explicit read entry committed to the chain now, with other requests' reads (ADR 1593), for a handler
    /// that must read the trail after its own entry is in it (the case page shows its own view: ADR 2102).</summary>
    public static async Task AppendAsync(HttpContext http, VigilDbContext db, AuditDraft draft, CancellationToken ct)
    {
        http.Items[RecordedKey] = true;
        if (db.HasNothingToSave())
        {
            // Chained with other requests' reads under one lock (ADR 1593); committed before the response all the same.
            await http.RequestServices.GetRequiredService<ReadAuditAppender>().AppendAsync(draft with { Actor = db.Actor.Name }, db, ct);
            return;
        }
        db.RecordEvent(draft); // the handler left changes of its own: they and the read are chained in one save
        await db.SaveChangesAsync(ct);
    }

    [GeneratedRegex(@"^/(api/v1/)?cases/\{id(:guid)?\}", RegexOptions.CultureInvariant)]
    private static partial Regex CaseRoute();
}

/// <summary>For the API: records the read after the handler, before the response is written, when it succeeded.</summary>
public sealed class ReadAuditFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        if (StatusOf(result) is >= 200 and < 300)
        {
            var http = context.HttpContext;
            await ReadAudit.RecordDefaultAsync(http, (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText, http.RequestAborted);
        }
        return result;
    }

    private static int StatusOf(object? result) => result switch
    {
        INestedHttpResult nested => StatusOf(nested.Result),
        IStatusCodeHttpResult status => status.StatusCode ?? StatusCodes.Status200OK,
        _ => StatusCodes.Status200OK,
    };
}

/// <summary>A page that shows no case data (sign-in, forms with nothing filled in, user administration).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class NoCaseDataAttribute : Attribute;
