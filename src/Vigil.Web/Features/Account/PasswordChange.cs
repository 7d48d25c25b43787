using Microsoft.AspNetCore.Identity;
using Vigil.Web.Features.Users;

namespace Vigil.Web.Features.Account;

/// <summary>A member of staff changes their own password (ADR 3121). The current password is checked the way sign-in
/// checks it — through the shared gate, counting a failure towards the same lockout (5 in 15 minutes, ADR 0006) — so the
/// page is no way round it. The new password meets the one policy (<see cref="AuthSetup.IdentityOptions"/>, applied by
/// Identity's validators). Then, as after an administrator's reset (ADR 3112), every live API token of the user ends
/// with a reason and the new security stamp ends their other sessions; the caller re-issues this browser's cookie.
/// A wrong current password that locks the account ends every session of the user, this one too, and their API tokens
/// (ADR 3124). Each try is counted before its check, so tries sent at once each count (ADR 3332).</summary>
public sealed class PasswordChange(SignInManager<VigilUser> signIn, UserManager<VigilUser> users, UserAdmin admin, VigilDbContext db,
    PasswordCheckGate gate, StaffLockout lockout)
{
    public const string WrongCurrent = "Your current password is not right. After 5 failed attempts the account is locked for 15 minutes.";
    public const string Locked = "Your account is locked after 5 failed password attempts. Try again in 15 minutes, or ask an administrator.";
    public const string SignedOutLocked = "You have been signed out, here and everywhere else: the current password was typed wrongly 5 times, "
        + "so the account is locked for 15 minutes. If that was not you, tell an administrator.";

    public async Task<PasswordChangeOutcome> ChangeAsync(VigilUser user, string? current, string? next, string? confirm, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(current)) throw Refused("Enter your current password.", "Current");
        if (string.IsNullOrEmpty(next)) throw Refused("Enter a new password.", "New");
        if (!string.Equals(next, confirm, StringComparison.Ordinal)) throw Refused("The two new passwords are not the same.", "Confirm");
        var counted = await lockout.CountAsync(user, ct);
        if (counted == StaffTry.Paused) throw Refused(Locked, "Current");
        if (!await gate.RunAsync(() => users.CheckPasswordAsync(user, current), ct))
        {
            // The failure count is on the user's row, written in one statement; the event records the try and where it came from.
            var locked = counted == StaffTry.CountedAndLocked;
            db.RecordEvent("password-change-refused", nameof(VigilUser), user.Id, null, JsonSerializer.Serialize(new { locked }));
            await db.SaveChangesAsync(ct);
            // Locked by this very attempt (an account already locked was refused above): whoever is guessing is at a
            // signed-in terminal, so the session ends, and with the new stamp every other one (ADR 3124).
            if (locked) return await SignOutEverywhereAsync(user, ct);
            throw Refused(WrongCurrent, "Current");
        }
        await lockout.ClearAsync(user, ct);
        if (string.Equals(current, next, StringComparison.Ordinal)) throw Refused("Choose a password different from your current one.", "New");
        // Identity's validators hold the policy; ChangePasswordAsync also rotates the security stamp.
        var changed = await gate.RunAsync(() => users.ChangePasswordAsync(user, current, next), ct);
        if (!changed.Succeeded) throw Refused(string.Join(" ", changed.Errors.Select(e => e.Description)), "New");
        db.RecordEvent("password-changed", nameof(VigilUser), user.Id, null, """{"by":"self"}""");
        await db.SaveChangesAsync(ct);
        await admin.RevokeTokensOfAsync(user.Id, TokenEnds.PasswordChanged, ct);
        // This browser keeps its session under the new stamp; every other cookie of the user now fails StaffSession.
        await signIn.RefreshSignInAsync(user);
        return PasswordChangeOutcome.Changed;
    }

    private async Task<PasswordChangeOutcome> SignOutEverywhereAsync(VigilUser user, CancellationToken ct)
    {
        db.RecordEvent("signed-out-after-lockout", nameof(VigilUser), user.Id, null, """{"by":"password-change"}""");
        await db.SaveChangesAsync(ct);
        await StaffSession.EndEverywhereAsync(users, db, user, ct);
        // The session could have minted a token (POST /api/v1/tokens takes the cookie) before the guessing began.
        await admin.RevokeTokensOfAsync(user.Id, TokenEnds.LockedOnPasswordChange, ct);
        await signIn.SignOutAsync();
        return PasswordChangeOutcome.SignedOut;
    }

    private static RefusedException Refused(string why, string field) => new(Refusal.Invalid(why), field);
}

public enum PasswordChangeOutcome
{
    Changed,
    /// <summary>The attempt locked the account: every session of the user has ended, this one too.</summary>
    SignedOut,
}
