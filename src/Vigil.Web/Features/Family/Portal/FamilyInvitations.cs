using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;

namespace Vigil.Web.Features.Family.Portal;

public enum InvitationProblem { None, Unknown, Expired, Revoked, Used }

/// <summary>Single-use, expiring, revocable invitations. The token is 256 random bits shown once; only its
/// SHA-256 is kept, so a copy of the database cannot be used to open an account.</summary>
public sealed class FamilyInvitations(VigilDbContext db, TimeProvider clock, IOptions<FamilyOptions> options, IPasswordHasher<FamilyAccount> hasher)
{
    public async Task<(FamilyInvitation Invitation, string Token)> CreateAsync(Guid caseId, Guid memberId, string by, CancellationToken ct)
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow().UtcDateTime;
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

    /// <summary>Creates the account and uses up the invitation in one save; a second use finds it used.</summary>
    public async Task<(FamilyAccount? Account, string? Error)> AcceptAsync(string token, string userName, string password, CancellationToken ct)
    {
        var (invitation, problem) = await CheckAsync(token, ct);
        if (invitation is null) return (null, $"invitation {problem.ToString().ToLowerInvariant()}");
        userName = userName.Trim();
        if (await db.FamilyAccounts.AnyAsync(a => a.UserName == userName, ct)) return (null, "That user name is taken. Please choose another.");
        if (await db.FamilyAccounts.AnyAsync(a => a.FamilyMemberId == invitation.FamilyMemberId, ct)) return (null, "invitation used");
        var now = clock.GetUtcNow().UtcDateTime;
        var account = new FamilyAccount { CaseId = invitation.CaseId, FamilyMemberId = invitation.FamilyMemberId, UserName = userName, CreatedAt = now };
        account.PasswordHash = hasher.HashPassword(account, password);
        invitation.UsedAt = now;
        db.FamilyAccounts.Add(account);
        // Nobody is signed in yet: the account, and the invitation it uses up, are the family member's own act.
        db.ActAs(FamilyAuth.AuditActor(account.Id));
        await db.SaveChangesAsync(ct);
        return (account, null);
    }

    public async Task RevokeAsync(Guid caseId, Guid invitationId, CancellationToken ct)
    {
        var invitation = await db.FamilyInvitations.FirstOrDefaultAsync(i => i.Id == invitationId && i.CaseId == caseId, ct);
        if (invitation is null || invitation.RevokedAt is not null || invitation.UsedAt is not null) return;
        invitation.RevokedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
