namespace Vigil.Web.Features.Notifications;

public sealed record NotificationResponse(
    Guid Id, string Kind,
    string Text, string Href,
    Guid? CaseId, DateTime CreatedAt,
    DateTime? ReadAt);

/// <summary>/api/v1/notifications: the caller's own notifications only; marking one read (or all, with no id).</summary>
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

    private static async Task<Ok<List<NotificationResponse>>> ListAsync(bool? unread, Inbox inbox, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok((await inbox.ListAsync(http.User, unread == true, ct))
            .Select(n => new NotificationResponse(n.Id, n.Kind, n.Text, n.Href, n.CaseId, n.CreatedAt, n.ReadAt)).ToList());

    private static async Task<Results<NoContent, NotFound>> ReadOneAsync(Guid id, Inbox inbox, HttpContext http, CancellationToken ct) =>
        await inbox.MarkReadAsync(http.User, id, ct) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<NoContent> ReadAllAsync(Inbox inbox, HttpContext http, CancellationToken ct)
    {
        await inbox.MarkReadAsync(http.User, null, ct);
        return TypedResults.NoContent();
    }
}
