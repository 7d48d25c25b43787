namespace Vigil.Web.Features.Audit;

/// <summary>What an audit entry records, in words (ADR 3218): "recorded a decision" where the history read "create
/// CaseDecision" (walk51 finding 11). Display only: the entries keep their action and entity type as chained, and the
/// pages keep them beside the words (a title) for a reviewer who checks an entry against `vigil audit prove`.</summary>
public static class AuditWords
{
    /// <summary>"recorded a decision", "viewed the case record"; a type with no entry here in its own words split apart
    /// ("a due event digest"), so a new entity is never shown as a class name.</summary>
    public static string What(string action, string entityType) => $"{Verb(action)} {Thing(entityType)}";

    /// <summary>The same, saying what a family member did where the entry is the record it raised (walk53 finding 11): a
    /// portal question read "family member (portal) · recorded a notification" to a reader who may not see the question
    /// itself, only the notice it raised for the liaison officers; information sent in raises an action to assess it.</summary>
    public static string What(string action, string entityType, string actor, string details) =>
        action == "create" && actor.StartsWith("family:", StringComparison.Ordinal) && FromThePortal(entityType, details) is { } did ? did : What(action, entityType);

    private static string? FromThePortal(string entityType, string details) => entityType switch
    {
        "Notification" when details.Contains("\"Kind\":\"family-question\"", StringComparison.Ordinal) => "asked a question through the portal",
        "CaseAction" when details.Contains("\"Source\":\"family-submission\"", StringComparison.Ordinal) => "sent information through the portal",
        _ => null,
    };

    private static string Verb(string action) => action switch
    {
        "create" => "recorded",
        "update" => "changed",
        "delete" => "deleted",
        ReadAudit.View => "viewed",
        ReadAudit.List => "listed",
        _ => action.Replace('-', ' '),
    };

    /// <summary>The record an entity type is, in words ("a decision", "the case record"), for "what changed" too.</summary>
    public static string Thing(string type) => Things.TryGetValue(type, out var words) ? words : "a " + Split(type);

    private static string Split(string type) =>
        string.Concat(type.TakeWhile(ch => ch != '`').Select((ch, i) => i > 0 && char.IsUpper(ch) ? " " + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString()));

    private static readonly Dictionary<string, string> Things = new(StringComparer.Ordinal)
    {
        ["DeathCase"] = "the case record", ["CasePerson"] = "a person in the death", ["Person"] = "a person on the register",
        ["Phone"] = "a phone number", ["Address"] = "an address", ["ToxicologyResult"] = "a toxicology finding", ["Exhibit"] = "an exhibit",
        ["TimelineEvent"] = "a timeline entry", ["CaseGrant"] = "access to the case", ["CaseAction"] = "an action",
        ["ExhibitMovement"] = "an exhibit's movement", ["ForensicSubmission"] = "a submission for testing",
        ["ExaminationResult"] = "a post-mortem or toxicology result", ["CaseDecision"] = "a decision", ["CaseReview"] = "a case review",
        ["LinkCandidate"] = "a linkage alert", ["LinkDecision"] = "a linkage decision", ["LinkedSeries"] = "a linked series",
        ["LinkedSeriesMember"] = "a member of a linked series", ["Notification"] = "a notification", ["Report"] = "a report",
        ["PersonChange"] = "a merge or split of people", ["SearchDocument"] = "the search index entry", ["LinkageOutboxRow"] = "a linkage queue entry",
        ["Search"] = "a search", ["Map"] = "the map", ["Chart"] = "the link chart", ["Timeline"] = "the visual timeline", ["Export"] = "an export",
        ["RulesApply"] = "the enquiry rules", ["FamilyFile"] = "the family file", ["FamilyMember"] = "a family member",
        ["FloDeployment"] = "an FLO deployment", ["FamilyContact"] = "a contact with the family", ["FamilyQuestion"] = "a question from the family",
        ["Disclosure"] = "a disclosure to the family", ["FamilyTask"] = "a \"tell the family\" task", ["FamilySubmission"] = "information from the family",
        ["SubmissionFile"] = "a file from the family", ["FamilyAccount"] = "a family portal account", ["FamilyInvitation"] = "a portal invitation",
        ["FamilyPortal"] = "the family portal",
    };
}
