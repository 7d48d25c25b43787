using Microsoft.AspNetCore.Identity;
using OtpNet;

namespace Vigil.Web.Features.Family.Portal;

public enum SignInOutcome { Ok, Invalid, NeedsCode }

/// <summary>Password (and, if turned on, TOTP) check with per-account lockout; the per-address rate limit is on the
/// login page. Unknown, withdrawn and locked accounts cost the same hashing work and a write like a known one's
/// failure count, and get the same answer, so neither timing nor wording reveals which accounts exist (issue 8, finding 5).</summary>
public sealed class FamilySignIn(VigilDbContext db, TimeProvider clock, IOptions<FamilyOptions> options, IPasswordHasher<FamilyAccount> hasher,
    Auth.PasswordCheckGate gate)
{
    private static readonly FamilyAccount Nobody = new();
    private static string? nobodyHash;

    public async Task<(SignInOutcome Outcome, FamilyAccount? Account)> CheckAsync(string userName, string password, string? code, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var account = await db.FamilyAccounts.FirstOrDefaultAsync(a => a.UserName == userName.Trim(), ct);
        if (account is null || account.DisabledAt is not null || account.LockedUntil > now)
        {
            await gate.RunAsync(() => Task.FromResult(hasher.VerifyHashedPassword(Nobody, nobodyHash ??= hasher.HashPassword(Nobody, "not a password"), password)), ct);
            db.RecordEvent("sign-in-refused", "FamilySignIn", "", null, "{}");
            await db.SaveChangesAsync(ct);
            return (SignInOutcome.Invalid, null);
        }
        var passwordOk = await gate.RunAsync(() => Task.FromResult(hasher.VerifyHashedPassword(account, account.PasswordHash, password)), ct)
            != PasswordVerificationResult.Failed;
        if (passwordOk && account.TotpSecret is not null && string.IsNullOrWhiteSpace(code)) return (SignInOutcome.NeedsCode, null);
        if (!passwordOk || (account.TotpSecret is not null && !VerifyCode(account, code!, now)))
        {
            account.FailedLogins++;
            if (account.FailedLogins >= options.Value.MaxFailedLogins)
            {
                account.LockedUntil = now + options.Value.LockoutFor;
                account.FailedLogins = 0;
            }
            await db.SaveChangesAsync(ct);
            return (SignInOutcome.Invalid, null);
        }
        account.FailedLogins = 0;
        account.LockedUntil = null;
        account.LastLoginAt = now;
        db.ActAs(FamilyAuth.AuditActor(account.Id)); // the password proved who is signing in
        await db.SaveChangesAsync(ct);
        return (SignInOutcome.Ok, account);
    }

    /// <summary>A code is accepted once (its time step is remembered), within one step of clock drift.</summary>
    public static bool VerifyCode(FamilyAccount account, string code, DateTime now)
    {
        if (account.TotpSecret is null) return false;
        var totp = new Totp(Base32Encoding.ToBytes(account.TotpSecret));
        if (!totp.VerifyTotp(now, code.Trim(), out var step, VerificationWindow.RfcSpecifiedNetworkDelay)) return false;
        if (account.LastTotpStep is { } last && step <= last) return false;
        account.LastTotpStep = step;
        return true;
    }
}
