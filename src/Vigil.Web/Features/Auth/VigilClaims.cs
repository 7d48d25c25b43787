namespace Vigil.Web.Features.Auth;

public static class VigilClaims
{
    /// <summary>Present when the request was authenticated with an API token; its value is the token's id.</summary>
    public const string TokenId = "vigil:token";

    /// <summary>The user's full name, as colleagues and families see it.</summary>
    public const string DisplayName = "vigil:display-name";
}

/// <summary>Named authorisation policies. Which roles hold which capability is decided here and only here.</summary>
public static class Policies
{
    public const string Staff = "staff";
    public const string ReadCases = "cases.read";
    public const string EditCases = "cases.edit";
    public const string ImportCases = "cases.import";
    public const string ManageUsers = "users.manage";
    public const string Supervise = "supervise";
    public const string Analyse = "analyse";
    public const string Review = "review";
    public const string VerifyAudit = "audit.verify";
    public const string ReadLinkage = "linkage.read";
    public const string Liaise = "family.liaise";
}
