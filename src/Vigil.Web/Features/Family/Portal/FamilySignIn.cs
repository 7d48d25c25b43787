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
        if (account is null || account.DisabledAt is not null || account.LockedUntil > now || !await AdmittedAsync(account, now, ct))
        {
            await gate.RunAsync(() => Task.FromResult(hasher.VerifyHashedPassword(Nobody, nobodyHash ??= hasher.HashPassword(Nobody, "not a password"), password)), ct);
            db.RecordEvent("sign-in-refused", "FamilySignIn", "", null, "{}");
            await db.SaveChangesAsync(ct);
            return (SignInOutcome.Invalid, null);
        }
        var passwordOk = await gate.RunAsync(() => Task.FromResult(hasher.VerifyHashedPassword(account, account.PasswordHash, password)), ct)
            != PasswordVerificationResult.Failed;
        if (passwordOk && account.TotpSecret is not null && string.IsNullOrWhiteSpace(code)) return (SignInOutcome.NeedsCode, null);
        if (!passwordOk || (account.TotpSecret is not null && !(VerifyCode(account, code!, now) && await ClaimedStepAsync(account, ct))))
        {
            // Counted when admitted; the entry says which account was tried, on its family's trail.
            db.RecordEvent("sign-in-refused", nameof(FamilyAccount), account.Id.ToString(), account.CaseId, "{}");
            await db.SaveChangesAsync(ct);
            return (SignInOutcome.Invalid, null);
        }
        // The count and any pause the admission wrote are cleared: written whatever the values this request read.
        account.FailedLogins = 0;
        account.LockedUntil = null;
        db.Entry(account).Property(a => a.FailedLogins).IsModified = true;
        db.Entry(account).Property(a => a.LockedUntil).IsModified = true;
        account.LastLoginAt = now;
        db.ActAs(FamilyAuth.AuditActor(account.Id)); // the password proved who is signing in
        await db.SaveChangesAsync(ct);
        return (SignInOutcome.Ok, account);
    }

    /// <summary>Every try at a known account counts before its password is checked, in one UPDATE that also pauses the
    /// account at the limit and admits no try while it is paused. Counted after the check, as before, tries sent at once
    /// each read the count before any saved it: 20 wrong codes sent together counted 2 and paused nothing, so the pause
    /// after 5 bounded nothing for a sender who does not wait (sec62, ADR 3322). A try that signs in clears the count.</summary>
    private async Task<bool> AdmittedAsync(FamilyAccount account, DateTime now, CancellationToken ct)
    {
        var (limit, pausedUntil) = (options.Value.MaxFailedLogins, (DateTime?)(now + options.Value.LockoutFor));
        return await db.FamilyAccounts.Where(a => a.Id == account.Id && (a.LockedUntil == null || a.LockedUntil <= now))
            .ExecuteUpdateAsync(u => u
                .SetProperty(a => a.LockedUntil, a => a.FailedLogins + 1 >= limit ? pausedUntil : a.LockedUntil)
                .SetProperty(a => a.FailedLogins, a => a.FailedLogins + 1 >= limit ? 0 : a.FailedLogins + 1), ct) == 1;
    }

    /// <summary>The code's time step taken for this sign-in in one conditional UPDATE, so that of several sign-ins sending
    /// the same code at once only one is let in: each had read the account before any saved the step, and three of five
    /// sent together were signed in (sec62, ADR 3322). Another request's claim of this step or a later one refuses it,
    /// as a replayed code is refused.</summary>
    private async Task<bool> ClaimedStepAsync(FamilyAccount account, CancellationToken ct)
    {
        var step = account.LastTotpStep!.Value;
        var claimed = await db.FamilyAccounts.Where(a => a.Id == account.Id && (a.LastTotpStep == null || a.LastTotpStep < step))
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.LastTotpStep, step), ct) == 1;
        // Stored by the claim, or a later step is: the save of the failure count or the sign-in must not write it back.
        db.Entry(account).Property(a => a.LastTotpStep).IsModified = false;
        return claimed;
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
