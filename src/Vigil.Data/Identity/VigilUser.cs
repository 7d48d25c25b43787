using Microsoft.AspNetCore.Identity;

namespace Vigil.Data.Identity;

/// <summary>A member of staff. Families have their own accounts in the family portal, never a VigilUser.</summary>
public class VigilUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    /// <summary>A disabled user cannot sign in and their API tokens stop working; the account is kept for the audit trail.</summary>
    public bool Disabled { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>Team membership. Investigators and FLOs belong to teams; supervisors supervise the teams they belong to.</summary>
public class UserTeam
{
    public string UserId { get; set; } = "";
    public Guid TeamId { get; set; }
}

/// <summary>A bearer token for the API. Only a SHA-256 of the secret is stored; the secret is shown once.</summary>
public class ApiToken
{
    public Guid Id { get; set; } = NewId.Version7();
    public string UserId { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>The first characters of the token, shown in lists so a user can tell tokens apart.</summary>
    public string Prefix { get; set; } = "";
    public string SecretHash { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime? ExpiresAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    /// <summary>Why it was revoked, in words: by its owner, by an administrator (their reason), or because the owner's
    /// password was reset or the account disabled (ADRs 3112, 3113). The audit trail records it with the revocation.</summary>
    public string? RevokedReason { get; set; }
    public DateTime? LastUsedAt { get; set; }
}

public static class Roles
{
    public const string Investigator = "investigator";
    public const string Supervisor = "supervisor";
    public const string Analyst = "analyst";
    public const string FamilyLiaison = "family-liaison";
    public const string Reviewer = "reviewer";
    public const string Administrator = "administrator";

    public static readonly IReadOnlyList<string> All = [Investigator, Supervisor, Analyst, FamilyLiaison, Reviewer, Administrator];
}
