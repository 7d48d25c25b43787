namespace Vigil.Web.Features.Notifications;

/// <summary>One user's notifications: the header's unread count, the list, and marking read (each read is a change
/// on the audit trail: that an officer saw an alert can matter later).</summary>
public sealed class Inbox(VigilDbContext db, TimeProvider clock, IHttpContextAccessor http, CaseAccess access)
{
    public static string Me(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    /// <summary>Every signed-in page's header runs it: the number of unread notifications <see cref="ListAsync"/> would list
    /// (ADR 2803, 2904); one whose task is done, by anyone, is not counted (ADR 3301). A page's GET reads it with the user in the sign-in check (ADR 2433); anything else counts here.</summary>
    public async Task<int> UnreadAsync(ClaimsPrincipal user, CancellationToken ct) =>
        Auth.RequestUser.UnreadOf(http.HttpContext, Me(user)) is { } read ? read : await (await ShownAsync(user, ct)).CountAsync(n => n.ReadAt == null && n.DoneAt == null, ct);

    /// <summary>One page of the user's notifications, without those about a case they may no longer read (a grant
    /// withdrawn, a team left): each names its case and what happened on it (ADR 2803). Paged with the total (ADR 1618):
    /// before, the newest 200 were shown and older ones could not be reached. What the header counts (unread, its task
    /// not done) comes first, then the rest, each newest first (ADR 3302): walk60's investigator read "3 unread" over a
    /// first page of 100 notices already dealt with, the 3 on pages 30 to 36. A notice that gathers later events is as new as the
    /// latest of them (ADR 3316).</summary>
    public async Task<Paged<Notification>> ListAsync(ClaimsPrincipal user, bool unreadOnly, int? page, int? size, CancellationToken ct)
    {
        var q = await ShownAsync(user, ct);
        if (unreadOnly) q = q.Where(n => n.ReadAt == null && n.DoneAt == null);
        return await Paged<Notification>.OfAsync(q.OrderBy(n => n.ReadAt != null || n.DoneAt != null).ThenByDescending(n => n.LatestAt ?? n.CreatedAt).ThenBy(n => n.Id), page, size, ct);
    }

    /// <summary>The user's notifications that may be shown to them: those without a case, and those whose case is in the
    /// user's scope (in the same statement; readers of every case are not filtered).</summary>
    private async Task<IQueryable<Notification>> ShownAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var me = Me(user);
        var q = db.UserNotifications.AsNoTracking().Where(n => n.UserId == me);
        if (await access.ScopeAsync(ct) is { ReadAll: false } scope)
        {
            var visible = CaseAccess.Visible(db, scope);
            q = q.Where(n => n.CaseId == null || visible.Any(c => c.Id == n.CaseId));
        }
        return q;
    }

    /// <summary>Marks one notification (or, with no id, all) of this user read; false when the id is not theirs. All
    /// means all: a thousand at a time, each save audited as before (before, one click marked the oldest thousand and
    /// left the rest unread).</summary>
    public async Task<bool> MarkReadAsync(ClaimsPrincipal user, Guid? id, CancellationToken ct)
    {
        var me = Me(user);
        var q = db.UserNotifications.Where(n => n.UserId == me && n.ReadAt == null);
        if (id is { } one) q = q.Where(n => n.Id == one);
        var now = clock.GetUtcNow().UtcDateTime;
        var marked = 0;
        while (await q.Take(1000).ToListAsync(ct) is { Count: > 0 } rows)
        {
            foreach (var n in rows) n.ReadAt = now;
            await db.SaveChangesAsync(ct);
            await ForgetDigestCasesAsync([.. rows.Select(n => n.Id)], ct);
            marked += rows.Count;
        }
        return id is null || marked > 0 || await db.UserNotifications.AnyAsync(n => n.Id == id && n.UserId == me, ct);
    }

    /// <summary>A digest's case rows only stop it counting a case twice while it gathers (ADR 3167); once read it never
    /// gathers again, so they are deleted, else they would grow with every digest ever sent (ADR 1638). After the read's
    /// commit: a sweep that took the chain lock first gathered into the digest while it was unread, and one after finds
    /// it read. Its counts stay in its text and its digest row.</summary>
    private Task<int> ForgetDigestCasesAsync(List<Guid> read, CancellationToken ct) =>
        db.DueEventDigestCases.Where(c => read.Contains(c.NotificationId)).ExecuteDeleteAsync(ct);
}
