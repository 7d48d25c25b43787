namespace Vigil.Web.Features.Auth;

/// <summary>The access matrix: which role may do what. Case-level scope (team, grants) is <see cref="CaseAccess"/>.</summary>
/// <remarks>Administrators manage users and tokens but do not read case content: separation of duties, so an
/// account administrator cannot browse the records of the dead (ADR 0006).</remarks>
public static class AccessPolicy
{
    public static readonly IReadOnlyDictionary<string, string[]> RolesFor = new Dictionary<string, string[]>
    {
        [Policies.Staff] = [.. Roles.All],
        [Policies.ReadCases] = [Roles.Investigator, Roles.Supervisor, Roles.Analyst, Roles.FamilyLiaison, Roles.Reviewer],
        [Policies.EditCases] = [Roles.Investigator, Roles.Supervisor],
        [Policies.ImportCases] = [Roles.Supervisor, Roles.Administrator],
        [Policies.ManageUsers] = [Roles.Administrator],
        [Policies.Supervise] = [Roles.Supervisor],
        [Policies.Analyse] = [Roles.Analyst, Roles.Supervisor],
        [Policies.Review] = [Roles.Reviewer],
        // Verifying the audit trail from the web (ADR 3221): the independent reviewers, and the administrators who run
        // the store (and `vigil audit verify`) anyway. The page shows counts, hashes and times, never a case's content.
        [Policies.VerifyAudit] = [Roles.Reviewer, Roles.Administrator],
        // Linkage queue, comparisons and clusters: read by analysts, supervisors and reviewers; decided by Analyse.
        [Policies.ReadLinkage] = [Roles.Analyst, Roles.Supervisor, Roles.Reviewer],
        // The family file holds bereaved people's personal details: only those who deal with the family (ADR 0301).
        [Policies.Liaise] = [Roles.FamilyLiaison, Roles.Supervisor, Roles.Investigator],
    };

    /// <summary>Roles that read every case, whatever its team.</summary>
    public static readonly IReadOnlySet<string> ReadAllRoles = new HashSet<string>([Roles.Analyst, Roles.Reviewer], StringComparer.Ordinal);

    public static void AddVigilPolicies(this AuthorizationOptions options)
    {
        foreach (var (policy, roles) in RolesFor)
            options.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireRole(roles));
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireRole(Roles.All).Build();
    }
}
