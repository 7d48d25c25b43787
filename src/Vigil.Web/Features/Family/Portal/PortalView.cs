namespace Vigil.Web.Features.Family.Portal;

public sealed record PortalOfficer(string Name, string Contact);
/// <summary>A family's question as they see it; <see cref="DueAt"/> is when the force owes the answer (ADR 3264).</summary>
public sealed record PortalQuestion(DateTime AskedAt, string Text, string? Answer, DateTime? AnsweredAt, DateTime DueAt);
public sealed record PortalContact(DateTime At, string Method, string By);
public sealed record PortalShared(DateTime At, string What);
public sealed record PortalSubmission(DateTime At, string Text, int Files, bool Looked);

/// <summary>Everything a family account may see, and nothing else: the disclosure filter. It reads only the
/// family-facing fields (never the case record, internal contact summaries, withheld items or their reasons).</summary>
public sealed record PortalView(
    InvestigationStanding Investigation, string Status, DateTime? NextReviewAt, IReadOnlyList<PortalOfficer> Officers, IReadOnlyList<PortalQuestion> Questions,
    IReadOnlyList<PortalContact> Contacts, IReadOnlyList<PortalShared> Shared, IReadOnlyList<PortalSubmission> Submissions)
{
    public const string DefaultStatus = "Your family liaison officer will explain how the investigation is going.";

    public static async Task<PortalView> ForCaseAsync(VigilDbContext db, Guid caseId, Guid accountId, DateTime now, CancellationToken ct)
    {
        var investigation = await InvestigationStanding.ForCaseAsync(db, caseId, now, ct);
        var file = await db.FamilyFiles.AsNoTracking().FirstOrDefaultAsync(f => f.CaseId == caseId, ct);
        var officers = await db.FloDeployments.AsNoTracking().Where(d => d.CaseId == caseId && d.EndedAt == null)
            .OrderBy(d => d.DeployedAt).Select(d => new PortalOfficer(d.OfficerName, d.ContactDetails)).ToListAsync(ct);
        var questions = await db.FamilyQuestions.AsNoTracking().Where(q => q.CaseId == caseId).OrderByDescending(q => q.AskedAt)
            .Select(q => new PortalQuestion(q.AskedAt, q.Text, q.Answer, q.AnsweredAt, q.DueAt)).ToListAsync(ct);
        var contactRows = await db.FamilyContacts.AsNoTracking().Where(c => c.CaseId == caseId).OrderByDescending(c => c.At)
            .Select(c => new { c.At, c.Method, c.By }).ToListAsync(ct);
        var names = await OfficerNamesAsync(db, caseId, contactRows.Select(c => c.By).Distinct().ToList(), ct);
        var contacts = contactRows.Select(c => new PortalContact(c.At, c.Method, names.GetValueOrDefault(c.By, UnnamedOfficer))).ToList();
        var shared = await db.Disclosures.AsNoTracking().Where(d => d.CaseId == caseId && !d.Withheld).OrderByDescending(d => d.At)
            .Select(d => new PortalShared(d.At, d.What)).ToListAsync(ct);
        var submissions = await db.FamilySubmissions.AsNoTracking().Where(s => s.CaseId == caseId && s.FamilyAccountId == accountId)
            .OrderByDescending(s => s.SubmittedAt).Select(s => new PortalSubmission(s.SubmittedAt, s.Text, s.Files.Count, s.AssessedAt != null)).ToListAsync(ct);
        return new PortalView(investigation, file?.PlainStatus ?? DefaultStatus, file?.NextReviewAt, officers, questions, contacts, shared, submissions);
    }

    public const string UnnamedOfficer = "a police officer";

    /// <summary>Staff are recorded by sign-in name; a family is told a person's name, never a login ("visit – flo"):
    /// the name the officer gave as FLO on this case, else their full name, else "a police officer".</summary>
    private static async Task<Dictionary<string, string>> OfficerNamesAsync(VigilDbContext db, Guid caseId, IReadOnlyList<string> logins, CancellationToken ct)
    {
        var users = await db.Users.AsNoTracking().Where(u => logins.Contains(u.UserName!)).Select(u => new { u.Id, u.UserName, u.DisplayName }).ToListAsync(ct);
        var ids = users.Select(u => u.Id).ToList();
        var deployed = (await db.FloDeployments.AsNoTracking().Where(d => d.CaseId == caseId && ids.Contains(d.OfficerUserId))
            .OrderByDescending(d => d.DeployedAt).Select(d => new { d.OfficerUserId, d.OfficerName }).ToListAsync(ct))
            .DistinctBy(d => d.OfficerUserId).ToDictionary(d => d.OfficerUserId, d => d.OfficerName);
        return users.ToDictionary(u => u.UserName!, u => deployed.GetValueOrDefault(u.Id) is { Length: > 0 } flo ? flo
            : string.IsNullOrWhiteSpace(u.DisplayName) ? UnnamedOfficer : u.DisplayName);
    }
}
