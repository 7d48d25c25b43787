namespace Vigil.Web.Features.Audit;

/// <summary>An audit entry is as sensitive as the record it describes: reading it needs the policy that guards that
/// record's own page. What a role may not read on the family file (ADR 0301) it may not read through a case's audit
/// trail either (issue 8, finding 2; ADR 0502).</summary>
public static class AuditSensitivity
{
    /// <summary>Entity types (as the audit trail names them) and the policy that reads them. Every entity type of the
    /// model is here (a test fails on one that is not) plus the event-only types; an unknown type is treated as
    /// family data, readable only by the officers who deal with the family.</summary>
    public static readonly IReadOnlyDictionary<string, string> PolicyFor = Build(
        (Policies.ReadCases,
        [
            "DeathCase", "CasePerson", "Person", "Phone", "Address", "ToxicologyResult", "Exhibit", "TimelineEvent", "CaseGrant",
            "CaseAction", "ExhibitMovement", "ForensicSubmission", "ExaminationResult", "CaseDecision", "CaseReview",
            "LinkCandidate", "LinkDecision", "LinkedSeries", "LinkedSeriesMember", "Notification", "DueEventNotice", "Report",
            // A due-event digest's counts and cases (ADR 3167): bookkeeping, not audited; the notification's texts are.
            "DueEventDigest", "DueEventDigestCase",
            // The workspace (ADR 0701-0705): person merges and splits, the derived search index, and read events.
            "PersonChange", "SearchDocument", "LinkageOutboxRow", "Search", "Map", "Chart", "Timeline",
            // `vigil export` as a whole (ADR 3144): the file, the format and the count; each case exported has its own entry.
            "Export",
            // `vigil rules apply` as a whole (ADR 3147): the rules' version and what they added; each action has its own entry.
            "RulesApply",
        ]),
        (Policies.Liaise,
        [
            "FamilyFile", "FamilyMember", "FloDeployment", "FamilyContact", "FamilyQuestion", "Disclosure", "FamilyTask",
            "FamilySubmission", "SubmissionFile", "SubmissionFileContent", "FamilyAccount", "FamilyInvitation", "FamilyPortal",
            // The liaison dashboard's inputs (ADR 3267): derived from the family rows by triggers, not audited itself.
            "CaseLiaison",
        ]),
        // Never about one case (no case id): user administration and bookkeeping.
        (Policies.ManageUsers,
        [
            "VigilUser", "UserTeam", "SignIn", "SignInWindow", "FamilySignIn", "ApiToken", "Team", "ReferenceCounter", "AuditEntry", "AuditTreeHead", "AuditTreeNode", "SavedMapping", "ImportUpload", "ImportUploadChunk", "SavedSearch", "DataProtectionKey", "IdentityRole", "IdentityUserRole`1",
            "IdentityUserClaim`1", "IdentityUserLogin`1", "IdentityUserToken`1", "IdentityRoleClaim`1", "AuditCaseRef",
            // A linkage model published to the store (ADR 3153): it changes how every death is scored, but names none.
            "PublishedModel",
            // The web's verifications of the trail (ADR 3221): the run's row, and its start, join, view and result events.
            "AuditVerificationRun", "AuditVerification",
        ]),
        // The review register (ADR 0805): the reviewers' own work, never shown through a case's trail to the force.
        (Policies.Review, ["ReviewFinding", "FindingEvidence", "FindingResponse", "FindingGrant"]));

    /// <summary>The entity types this user may read in an audit trail, or null when they may read every type.</summary>
    /// <remarks><paramref name="familyInReach"/> false: the family's entries are left out even for a liaison role (the
    /// case outside its own reach, <see cref="CaseAccess.ShowsFamilyOfAsync"/>, ADR 3239).</remarks>
    public static async Task<IReadOnlyList<string>?> ReadableTypesAsync(ClaimsPrincipal user, IAuthorizationService authorization, bool familyInReach = true)
    {
        var held = new HashSet<string>(StringComparer.Ordinal);
        foreach (var policy in PolicyFor.Values.Distinct())
            if ((await authorization.AuthorizeAsync(user, policy)).Succeeded) held.Add(policy);
        if (!familyInReach) held.Remove(Policies.Liaise);
        if (held.Count == PolicyFor.Values.Distinct().Count()) return null;
        return PolicyFor.Where(kv => held.Contains(kv.Value)).Select(kv => kv.Key).ToList();
    }

    private static Dictionary<string, string> Build(params (string Policy, string[] Types)[] groups) =>
        groups.SelectMany(g => g.Types.Select(t => (t, g.Policy))).ToDictionary(x => x.t, x => x.Policy, StringComparer.Ordinal);
}
