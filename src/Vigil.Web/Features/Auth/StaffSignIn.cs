using Microsoft.AspNetCore.Identity;

namespace Vigil.Web.Features.Auth;

public enum StaffSignInOutcome { SignedIn, Refused, Disabled }

/// <summary>Staff sign-in that tells nobody which accounts exist (issue 8, finding 5). An unknown name, a wrong
/// password and a locked account all cost one password hash and one audited write, and all get the same answer;
/// only someone who gives the right password learns that an account is disabled. Lockout counts failures as before
/// (5 in 15 minutes, ADR 0006).</summary>
public sealed class StaffSignIn(SignInManager<VigilUser> signIn, UserManager<VigilUser> users, IPasswordHasher<VigilUser> hasher, VigilDbContext db,
    PasswordCheckGate gate)
{
    private static readonly VigilUser Nobody = new();
    private static string? nobodyHash;

    public async Task<StaffSignInOutcome> SignInAsync(string userName, string password, CancellationToken ct)
    {
        var user = await users.FindByNameAsync(userName.Trim());
        if (user is null || await users.IsLockedOutAsync(user))
        {
            // The same work as checking a real password, and a write like the failure count a real account gets.
            await gate.RunAsync(() => Task.FromResult(hasher.VerifyHashedPassword(Nobody, nobodyHash ??= hasher.HashPassword(Nobody, "not a password"), password)), ct);
            db.RecordEvent("sign-in-refused", "SignIn", "", null, JsonSerializer.Serialize(new { user_name = Truncate(userName), locked = user is not null }));
            await db.SaveChangesAsync(ct);
            return StaffSignInOutcome.Refused;
        }
        var checkedPassword = await gate.RunAsync(() => signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true), ct);
        if (!checkedPassword.Succeeded) return StaffSignInOutcome.Refused;
        if (user.Disabled) return StaffSignInOutcome.Disabled;
        await signIn.SignInAsync(user, isPersistent: false);
        return StaffSignInOutcome.SignedIn;
    }

    private static string Truncate(string s) => s.Length > 100 ? s[..100] : s;
}
