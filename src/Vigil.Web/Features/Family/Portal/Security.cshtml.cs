using OtpNet;

namespace Vigil.Web.Features.Family.Portal;

/// <summary>Turning on a second factor (TOTP). The new key is proven with a code before it is saved.</summary>
[Authorize(Policy = FamilyAuth.Policy)]
public sealed class SecurityModel(VigilDbContext db, TimeProvider clock) : PageModel
{
    public bool Enabled { get; private set; }
    [BindProperty] public string Secret { get; set; } = "";
    [BindProperty] public string? Code { get; set; }
    public string? Error { get; private set; }
    public string? Done { get; private set; }

    /// <summary>The key in groups of four, as authenticator apps show it; it wraps on a phone's narrow screen.</summary>
    public string SpacedSecret => string.Join(' ', Secret.Chunk(4).Select(c => new string(c)));

    /// <summary>The otpauth:// address the QR code carries (RFC 6238 key, 30-second steps, 6 digits).</summary>
    public string SetupUri =>
        $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(User.Identity?.Name ?? "family")}?secret={Secret}&issuer={Uri.EscapeDataString(Issuer)}&digits=6&period=30";

    public const string Issuer = "Family updates";

    public async Task OnGetAsync(CancellationToken ct)
    {
        Enabled = (await AccountAsync(ct)).TotpSecret is not null;
        Secret = Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var account = await AccountAsync(ct);
        if (account.TotpSecret is not null) return Redirect("/family/security");
        var candidate = new FamilyAccount { TotpSecret = Secret };
        if (Secret.Length != 32 || string.IsNullOrWhiteSpace(Code) || !FamilySignIn.VerifyCode(candidate, Code, clock.GetUtcNow().UtcDateTime))
        {
            Error = "That code is not right. Check the time on your phone and try the newest code.";
            return Page();
        }
        (account.TotpSecret, account.LastTotpStep) = (Secret, candidate.LastTotpStep);
        account.SecurityStamp = Guid.NewGuid().ToString("N");
        await db.SaveChangesAsync(ct);
        // The stamp changed, so sign in again with the new one (other devices are signed out).
        await HttpContext.SignInAsync(FamilyAuth.Scheme, FamilyAuth.PrincipalFor(account));
        Enabled = true;
        Done = "Done. From now on you will be asked for a code when you sign in.";
        return Page();
    }

    private Task<FamilyAccount> AccountAsync(CancellationToken ct)
    {
        var (id, caseId) = FamilyAuth.Who(User);
        return db.FamilyAccounts.FirstAsync(a => a.Id == id && a.CaseId == caseId, ct);
    }
}
