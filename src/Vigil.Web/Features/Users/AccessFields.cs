using System.ComponentModel.DataAnnotations;

namespace Vigil.Web.Features.Users;

/// <summary>Roles and teams as a form holds them (create and change share it). No role is ticked by default:
/// giving someone access is always a choice.</summary>
public sealed class AccessFields
{
    [Required(ErrorMessage = "Enter the user's full name.")] public string DisplayName { get; set; } = "";
    public List<string> Roles { get; set; } = [];
    public List<string> Teams { get; set; } = [];
    /// <summary>A team not in the list yet; created on save.</summary>
    public string? NewTeam { get; set; }
    /// <summary>The user's name, roles and teams as the form showed them (<see cref="Fingerprint"/>): a save over another
    /// administrator's change since is refused rather than undoing it (ADR 3372). Null on the create form.</summary>
    public string? Seen { get; set; }

    public IReadOnlyList<string> AllTeams() => [.. Teams.Append(NewTeam ?? "").Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal)];

    public static AccessFields From(UserSummary u) => new() { DisplayName = u.DisplayName, Roles = [.. u.Roles], Teams = [.. u.Teams], Seen = Fingerprint(u.DisplayName, u.Roles, u.Teams) };

    /// <summary>A user's name, roles and teams as one short value, whatever their order: what a form showed, compared at its save.</summary>
    public static string Fingerprint(string displayName, IEnumerable<string> roles, IEnumerable<string> teams) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join("\n",
            [displayName, string.Join("\t", roles.Order(StringComparer.Ordinal)), string.Join("\t", teams.Order(StringComparer.Ordinal))]))))[..32];

    public static IReadOnlyList<string> RoleChoices => Data.Identity.Roles.All;

    /// <summary>What each role may do, in a sentence beside its box.</summary>
    public static string Explain(string role) => role switch
    {
        Data.Identity.Roles.Investigator => "records and works on their teams' cases",
        Data.Identity.Roles.Supervisor => "as an investigator, and signs overrides and reviews for their teams",
        Data.Identity.Roles.Analyst => "reads every case and decides linkage alerts",
        Data.Identity.Roles.FamilyLiaison => "reads their teams' cases and keeps the family file",
        Data.Identity.Roles.Reviewer => "reads every case, changes nothing",
        Data.Identity.Roles.Administrator => "manages users; does not read cases",
        _ => "",
    };
}
