namespace Vigil.Data.Family;

/// <summary>A family member's portal account: not a staff user, no staff roles, bound to one case.</summary>
public class FamilyAccount
{
    public Guid Id { get; set; } = NewId.Version7();
    public Guid CaseId { get; set; }
    public Guid FamilyMemberId { get; set; }
    public string UserName { get; set; } = "";
    public string PasswordHash { get; set; } = "";
    /// <summary>Base32 TOTP key once the family member turns on a second factor.</summary>
    public string? TotpSecret { get; set; }
    public long? LastTotpStep { get; set; }
    public int FailedLogins { get; set; }
    public DateTime? LockedUntil { get; set; }
    /// <summary>Changes when access is withdrawn or the password changes; cookies carrying an old stamp stop working.</summary>
    public string SecurityStamp { get; set; } = Guid.NewGuid().ToString("N");
    public DateTime CreatedAt { get; set; }
    public DateTime? LastLoginAt { get; set; }
    public DateTime? DisabledAt { get; set; }
}

/// <summary>A single-use, expiring, revocable invitation for a named family member. Only a SHA-256 of the
/// token is stored; the link is shown to the FLO once.</summary>
public class FamilyInvitation
{
    public Guid Id { get; set; } = NewId.Version7();
    public Guid CaseId { get; set; }
    public Guid FamilyMemberId { get; set; }
    public string TokenHash { get; set; } = "";
    public string CreatedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? UsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}
