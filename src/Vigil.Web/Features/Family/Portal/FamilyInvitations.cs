using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;

namespace Vigil.Web.Features.Family.Portal;

public enum InvitationProblem { None, Unknown, Expired, Revoked, Used }

/// <summary>Single-use, expiring, revocable invitations. The token is 256 random bits shown once; only its
/// SHA-256 is kept, so a copy of the database cannot be used to open an account.</summary>
public sealed class FamilyInvitations(VigilDbContext db, TimeProvider clock, IOptions<FamilyOptions> options, IPasswordHasher<FamilyAccount> hasher)
{
    /// <summary>A new invitation for a member revokes their earlier ones still open, in the same save (ADR 3348): the FLO
    /// invites again because the link was lost or went astray (it is shown once), and before, that link stayed good until
    /// it expired, so whoever found it could take the member's account. The earlier ones' <c>UsedAt</c> and
    /// <c>RevokedAt</c> are concurrency tokens (ADR 3257): one used in the same moment refuses this save (409).</summary>
    public async Task<(FamilyInvitation Invitation, string Token)> CreateAsync(Guid caseId, Guid memberId, string by, CancellationToken ct)
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow().UtcDateTime;
        var earlier = await db.FamilyInvitations.Where(i => i.CaseId == caseId && i.FamilyMemberId == memberId && i.UsedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
            .ToListAsync(ct);
        foreach (var open in earlier) open.RevokedAt = now;
        var invitation = new FamilyInvitation
        {
            CaseId = caseId, FamilyMemberId = memberId, TokenHash = Hash(token), CreatedBy = by,
            CreatedAt = now, ExpiresAt = now + options.Value.InvitationLifetime,
        };
        db.FamilyInvitations.Add(invitation);
        await db.SaveChangesAsync(ct);
        return (invitation, token);
    }

    public async Task<(FamilyInvitation? Invitation, InvitationProblem Problem)> CheckAsync(string? token, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100) return (null, InvitationProblem.Unknown);
        var hash = Hash(token);
        var invitation = await db.FamilyInvitations.FirstOrDefaultAsync(i => i.TokenHash == hash, ct);
        var problem = invitation switch
        {
            null => InvitationProblem.Unknown,
            { RevokedAt: not null } => InvitationProblem.Revoked,
            { UsedAt: not null } => InvitationProblem.Used,
            _ when invitation.ExpiresAt <= clock.GetUtcNow().UtcDateTime => InvitationProblem.Expired,
            _ => InvitationProblem.None,
        };
        return (problem == InvitationProblem.None ? invitation : null, problem);
    }

    /// <summary>Creates the account and uses up the invitation in one save; a second use finds it used. The save's UPDATE
    /// of the invitation holds "neither used nor revoked" itself (<c>UsedAt</c> and <c>RevokedAt</c> are its concurrency
    /// tokens, ADR 3257): an invitation revoked, or used, after this request read it leaves no account.</summary>
    public async Task<(FamilyAccount? Account, InvitationProblem Problem, string? Error)> AcceptAsync(string token, string userName, string password, CancellationToken ct)
    {
        var (invitation, problem) = await CheckAsync(token, ct);
        if (invitation is null) return (null, problem, null);
        userName = userName.Trim();
        if (await db.FamilyAccounts.AnyAsync(a => a.UserName == userName, ct)) return (null, InvitationProblem.None, NameTaken);
        if (await db.FamilyAccounts.AnyAsync(a => a.FamilyMemberId == invitation.FamilyMemberId, ct)) return (null, InvitationProblem.Used, null);
        var now = clock.GetUtcNow().UtcDateTime;
        var account = new FamilyAccount { CaseId = invitation.CaseId, FamilyMemberId = invitation.FamilyMemberId, UserName = userName, CreatedAt = now };
        account.PasswordHash = hasher.HashPassword(account, password);
        invitation.UsedAt = now;
        db.FamilyAccounts.Add(account);
        // Nobody is signed in yet: the account, and the invitation it uses up, are the family member's own act.
        db.ActAs(FamilyAuth.AuditActor(account.Id));
        try
        {
            await db.SaveChangesAsync(ct);
            return (account, InvitationProblem.None, null);
        }
        catch (DbUpdateException)
        {
            // Revoked or used between the read and the save (the invitation's UPDATE matched no row, or the account's
            // INSERT met another's key): nothing of this save was written, and no account exists from it.
            db.ChangeTracker.Clear();
            var (_, lost) = await CheckAsync(token, ct);
            if (lost != InvitationProblem.None) return (null, lost, null);
            if (await db.FamilyAccounts.AnyAsync(a => a.UserName == userName, ct)) return (null, InvitationProblem.None, NameTaken);
            if (await db.FamilyAccounts.AnyAsync(a => a.FamilyMemberId == account.FamilyMemberId, ct)) return (null, InvitationProblem.Used, null);
            throw;
        }
    }

    /// <summary>Revokes an invitation not yet used; one revoked already stays so (null: nothing to refuse). One the case does
    /// not hold is refused 404 (ADR 3317: it was answered "Invitation revoked." with nothing written). One used, before
    /// this request read it or between its read and its save (the UPDATE holds "neither used nor revoked", ADR 3257), is
    /// refused with <see cref="UsedBeforeRevoked"/>: the family member has an account, which only a withdrawal ends.</summary>
    public async Task<Refusal?> RevokeAsync(Guid caseId, Guid invitationId, CancellationToken ct)
    {
        var invitation = await db.FamilyInvitations.FirstOrDefaultAsync(i => i.Id == invitationId && i.CaseId == caseId, ct);
        if (invitation is null) return LiaisonCommands.NotOnCase("invitation");
        if (invitation.RevokedAt is not null) return null;
        if (invitation.UsedAt is not null) return UsedBeforeRevoked;
        invitation.RevokedAt = clock.GetUtcNow().UtcDateTime;
        if (await db.SavedFirstAsync(ct)) return null;
        return await db.FamilyInvitations.AnyAsync(i => i.Id == invitationId && i.UsedAt != null, ct) ? UsedBeforeRevoked : null;
    }

    public static readonly Refusal UsedBeforeRevoked = Refusal.Conflict("The invitation was used before it could be revoked.",
        "The family member has set up their portal account: it is shown as it is now. Withdraw their access if they should not have it.");

    private const string NameTaken = "That user name is taken. Please choose another.";

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
