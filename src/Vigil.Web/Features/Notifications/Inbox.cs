namespace Vigil.Web.Features.Notifications;

/// <summary>One user's notifications: the header's unread count, the list, and marking read (each read is a change
/// on the audit trail: that an officer saw an alert can matter later).</summary>
public sealed class Inbox(VigilDbContext db, TimeProvider clock, IHttpContextAccessor http, CaseAccess access)
{
    public static string Me(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    /// <summary>Every signed-in page's header runs it: compiled once (ADR 2311), and the user's id passed as a value,
    /// not a call EF would evaluate out of the expression tree on each request. The sign-in check of a page's GET reads it with the user (ADR 2433).</summary>
    public Task<int> UnreadAsync(ClaimsPrincipal user, CancellationToken ct) =>
        Auth.RequestUser.UnreadOf(http.HttpContext, Me(user)) is { } read ? Task.FromResult(read) : UnreadCount.For(db)(db, Me(user), ct);

    private static readonly CompiledPerModel<Func<VigilDbContext, string, CancellationToken, Task<int>>> UnreadCount = new(() =>
        EF.CompileAsyncQuery((VigilDbContext db, string me, CancellationToken ct) => db.Set<Notification>().Count(n => n.UserId == me && n.ReadAt == null)));

    /// <summary>The user's newest notifications, without those about a case they may no longer read (a grant withdrawn,
    /// a team left): each names its case and what happened on it (ADR 2803).</summary>
    public async Task<List<Notification>> ListAsync(ClaimsPrincipal user, bool unreadOnly, CancellationToken ct)
    {
        var me = Me(user);
        var q = db.UserNotifications.AsNoTracking().Where(n => n.UserId == me);
        if (await access.ScopeAsync(ct) is { ReadAll: false } scope)
        {
            var visible = CaseAccess.Visible(db, scope);
            q = q.Where(n => n.CaseId == null || visible.Any(c => c.Id == n.CaseId));
        }
        if (unreadOnly) q = q.Where(n => n.ReadAt == null);
        return await q.OrderByDescending(n => n.CreatedAt).Take(200).ToListAsync(ct);
    }

    /// <summary>Marks one notification (or, with no id, all) of this user read; false when the id is not theirs.</summary>
    public async Task<bool> MarkReadAsync(ClaimsPrincipal user, Guid? id, CancellationToken ct)
    {
        var me = Me(user);
        var q = db.UserNotifications.Where(n => n.UserId == me && n.ReadAt == null);
        if (id is { } one) q = q.Where(n => n.Id == one);
        var rows = await q.Take(1000).ToListAsync(ct);
        if (id is not null && rows.Count == 0 && !await db.UserNotifications.AnyAsync(n => n.Id == id && n.UserId == me, ct)) return false;
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var n in rows) n.ReadAt = now;
        await db.SaveChangesAsync(ct);
        return true;
    }
}
