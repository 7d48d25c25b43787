namespace Vigil.Web.Features.Notifications;

public sealed record NotificationResponse(
    Guid Id, string Kind,
    string Text, string Href,
    Guid? CaseId, DateTime CreatedAt, DateTime? LatestAt,
    DateTime? ReadAt, DateTime? DoneAt, string? Done);

/// <summary>/api/v1/notifications: the caller's own notifications only, the unread first (ADR 3302); marking one read
/// (or all, with no id). DoneAt and Done: the notice's task done, by anyone (ADR 3301); ?unread=true leaves those out.
/// LatestAt: the latest event a gathering notice took in while unread, CreatedAt staying the first (ADR 3316).</summary>
public static class NotificationsApi
{
    public static RouteGroupBuilder Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/notifications").WithTags("Notifications").RequireAuthorization(Policies.Staff);
        g.MapGet("/", ListAsync).WithName("ListNotifications");
        g.MapPost("/{id:guid}/read", ReadOneAsync).WithName("MarkNotificationRead");
        g.MapPost("/read", ReadAllAsync).WithName("MarkAllNotificationsRead");
        return api;
    }

    /// <summary>One page (?page=, ?size= up to 500), the unread first, each part newest first; Link rel="next"/"prev" and X-Total-Count say where the rest is.</summary>
    private static async Task<Ok<List<NotificationResponse>>> ListAsync(bool? unread, int? page, int? size, Inbox inbox, HttpContext http, CancellationToken ct)
    {
        var items = await inbox.ListAsync(http.User, unread == true, page, size, ct);
        PageLinks.AddHeaders(http, items);
        return TypedResults.Ok(items.Items.Select(n => new NotificationResponse(n.Id, n.Kind, n.Text, n.Href, n.CaseId, n.CreatedAt, n.LatestAt, n.ReadAt, n.DoneAt, n.Done)).ToList());
    }

    private static async Task<Results<NoContent, NotFound>> ReadOneAsync(Guid id, Inbox inbox, HttpContext http, CancellationToken ct) =>
        await inbox.MarkReadAsync(http.User, id, ct) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<NoContent> ReadAllAsync(Inbox inbox, HttpContext http, CancellationToken ct)
    {
        await inbox.MarkReadAsync(http.User, null, ct);
        return TypedResults.NoContent();
    }
}
