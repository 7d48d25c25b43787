using Microsoft.AspNetCore.Identity;

namespace Vigil.Web.Features.Auth;

public enum StaffTry { Paused, Counted, CountedAndLocked }

/// <summary>Staff lockout (5 failures in 15 minutes, ADR 0006) with every try counted before its password is checked,
/// as the family portal's are (ADR 3322). Identity counts after the check, writing the count it read under the user's
/// concurrency stamp: of tries sent at once each read the same count, one write won and the rest failed their stamp
/// unseen, so 20 wrong passwords at once counted 1 and locked nothing (sec63, ADR 3332). Here a try's count is written
/// only over the row it read (compare-and-swap on the stamp, re-read on a clash), so every try is counted once, and
/// one that finds the account locked is not checked. The time is Identity's (<see cref="DateTimeOffset.UtcNow"/>), as
/// <see cref="UserManager{TUser}.IsLockedOutAsync"/> reads it.</summary>
public sealed class StaffLockout(VigilDbContext db, IOptions<IdentityOptions> identity)
{
    /// <summary>Each clash means another try was counted meanwhile; the account locks after a few, and every later
    /// read sees it locked, so this bound is not reached by real contention. Reached, the try is refused unchecked.</summary>
    private const int MaxClashes = 50;

    public async Task<StaffTry> CountAsync(VigilUser user, CancellationToken ct)
    {
        var rules = identity.Value.Lockout;
        for (var clash = 0; clash < MaxClashes; clash++)
        {
            var now = DateTimeOffset.UtcNow;
            var row = await db.Users.AsNoTracking().Where(u => u.Id == user.Id)
                .Select(u => new { u.AccessFailedCount, u.LockoutEnd, u.LockoutEnabled, u.ConcurrencyStamp }).SingleAsync(ct);
            if (row.LockoutEnabled && row.LockoutEnd >= now) return StaffTry.Paused;
            var locks = row.LockoutEnabled && row.AccessFailedCount + 1 >= rules.MaxFailedAccessAttempts;
            var (count, end) = locks ? (0, now + rules.DefaultLockoutTimeSpan) : (row.AccessFailedCount + 1, row.LockoutEnd);
            if (await WriteAsync(user, row.ConcurrencyStamp, count, end, ct))
                return locks ? StaffTry.CountedAndLocked : StaffTry.Counted;
        }
        return StaffTry.Paused;
    }

    /// <summary>The right password clears the count and any lock, written whatever this request read: a lock another
    /// try set meanwhile is lifted by the owner's sign-in, as Identity's reset after a success does.</summary>
    public Task ClearAsync(VigilUser user, CancellationToken ct) => WriteAsync(user, stamp: null, 0, null, ct);

    /// <summary>The count and lock written in one statement (the audit interceptor does not see it: the callers record
    /// the try), with a new stamp as Identity's own writes make; the tracked user is re-read so that Identity's later
    /// writes of it (a rehashed password, a new security stamp) are not refused as stale.</summary>
    private async Task<bool> WriteAsync(VigilUser user, string? stamp, int count, DateTimeOffset? end, CancellationToken ct)
    {
        var newStamp = Guid.NewGuid().ToString();
        var written = await db.Users.Where(u => u.Id == user.Id && (stamp == null || u.ConcurrencyStamp == stamp))
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessFailedCount, count).SetProperty(u => u.LockoutEnd, end)
                .SetProperty(u => u.ConcurrencyStamp, newStamp), ct) == 1;
        if (written) await db.Entry(user).ReloadAsync(ct);
        return written;
    }
}
