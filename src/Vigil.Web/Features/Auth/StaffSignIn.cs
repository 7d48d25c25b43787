using Microsoft.AspNetCore.Identity;

namespace Vigil.Web.Features.Auth;

public enum StaffSignInOutcome { SignedIn, Refused, Disabled }

/// <summary>Staff sign-in that tells nobody which accounts exist (issue 8, finding 5). An unknown name, a wrong
/// password and a locked account all cost one password hash and one audited write, and all get the same answer;
/// only someone who gives the right password learns that an account is disabled. Lockout: 5 failures in 15 minutes
/// (ADR 0006), each try counted before its password is checked, however many are sent at once (ADR 3332).</summary>
public sealed class StaffSignIn(SignInManager<VigilUser> signIn, UserManager<VigilUser> users, IPasswordHasher<VigilUser> hasher, VigilDbContext db,
    PasswordCheckGate gate, StaffLockout lockout)
{
    private static readonly VigilUser Nobody = new();
    private static string? nobodyHash;

    public async Task<StaffSignInOutcome> SignInAsync(string userName, string password, CancellationToken ct)
    {
        var user = await users.FindByNameAsync(userName.Trim());
        if (user is null || await lockout.CountAsync(user, ct) == StaffTry.Paused)
        {
            // The same work as checking a real password, and a write like the failure count a real account gets.
            await gate.RunAsync(() => Task.FromResult(hasher.VerifyHashedPassword(Nobody, nobodyHash ??= hasher.HashPassword(Nobody, "not a password"), password)), ct);
            db.RecordEvent("sign-in-refused", "SignIn", "", null, JsonSerializer.Serialize(new { user_name = Truncate(userName), locked = user is not null }));
            await db.SaveChangesAsync(ct);
            return StaffSignInOutcome.Refused;
        }
        if (!await gate.RunAsync(() => users.CheckPasswordAsync(user, password), ct))
        {
            // Counted before the check; the entry says which account was tried (Identity's write of the count, which
            // the audit interceptor recorded, is now one statement it does not see).
            db.RecordEvent("sign-in-refused", nameof(VigilUser), user.Id, null, JsonSerializer.Serialize(new { locked = user.LockoutEnd > DateTimeOffset.UtcNow }));
            await db.SaveChangesAsync(ct);
            return StaffSignInOutcome.Refused;
        }
        await lockout.ClearAsync(user, ct);
        if (user.Disabled) return StaffSignInOutcome.Disabled;
        await signIn.SignInAsync(user, isPersistent: false);
        return StaffSignInOutcome.SignedIn;
    }

    private static string Truncate(string s) => s.Length > 100 ? s[..100] : s;
}
