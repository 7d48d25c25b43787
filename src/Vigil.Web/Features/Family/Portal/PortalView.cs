using Microsoft.EntityFrameworkCore;
using Vigil.Data;
using Vigil.Data.Family;

namespace Vigil.Web.Features.Family.Portal;

public sealed record PortalOfficer(string Name, string Contact);
public sealed record PortalQuestion(DateTime AskedAt, string Text, string? Answer, DateTime? AnsweredAt);
public sealed record PortalContact(DateTime At, string Method, string By);
public sealed record PortalShared(DateTime At, string What);
public sealed record PortalSubmission(DateTime At, string Text, int Files, bool Looked);

/// <summary>Everything a family account may see, and nothing else: the disclosure filter. It reads only the
/// family-facing fields (never the case record, internal contact summaries, withheld items or their reasons).</summary>
public sealed record PortalView(
    string Status, DateTime? NextReviewAt, IReadOnlyList<PortalOfficer> Officers, IReadOnlyList<PortalQuestion> Questions,
    IReadOnlyList<PortalContact> Contacts, IReadOnlyList<PortalShared> Shared, IReadOnlyList<PortalSubmission> Submissions)
{
    public const string DefaultStatus = "Your family liaison officer will explain how the investigation is going.";

    public static async Task<PortalView> ForCaseAsync(VigilDbContext db, Guid caseId, Guid accountId, CancellationToken ct)
    {
        var file = await db.FamilyFiles.AsNoTracking().FirstOrDefaultAsync(f => f.CaseId == caseId, ct);
        var officers = await db.FloDeployments.AsNoTracking().Where(d => d.CaseId == caseId && d.EndedAt == null)
            .OrderBy(d => d.DeployedAt).Select(d => new PortalOfficer(d.OfficerName, d.ContactDetails)).ToListAsync(ct);
        var questions = await db.FamilyQuestions.AsNoTracking().Where(q => q.CaseId == caseId).OrderByDescending(q => q.AskedAt)
            .Select(q => new PortalQuestion(q.AskedAt, q.Text, q.Answer, q.AnsweredAt)).ToListAsync(ct);
        var contacts = await db.FamilyContacts.AsNoTracking().Where(c => c.CaseId == caseId).OrderByDescending(c => c.At)
            .Select(c => new PortalContact(c.At, c.Method, c.By)).ToListAsync(ct);
        var shared = await db.Disclosures.AsNoTracking().Where(d => d.CaseId == caseId && !d.Withheld).OrderByDescending(d => d.At)
            .Select(d => new PortalShared(d.At, d.What)).ToListAsync(ct);
        var submissions = await db.FamilySubmissions.AsNoTracking().Where(s => s.CaseId == caseId && s.FamilyAccountId == accountId)
            .OrderByDescending(s => s.SubmittedAt).Select(s => new PortalSubmission(s.SubmittedAt, s.Text, s.Files.Count, s.AssessedAt != null)).ToListAsync(ct);
        return new PortalView(file?.PlainStatus ?? DefaultStatus, file?.NextReviewAt, officers, questions, contacts, shared, submissions);
    }
}
