using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vigil.Data;
using Vigil.Data.Cases;
using Vigil.Data.Family;

namespace Vigil.Web.Features.Family;

/// <summary>Where a case's family liaison stands against its deadlines: what the dashboards and the case panel flag.</summary>
public sealed record CaseLiaisonStatus(
    Guid CaseId, string Reference, string? Deceased, IReadOnlyList<string> Officers, ContactDue? Contact, bool FirstContactLate,
    int OpenQuestions, int LateQuestions, int OpenTasks, int OverdueTasks, int UnassessedSubmissions, int AnswersAwaitingApproval = 0)
{
    public bool NeedsAttention => Contact?.Missed == true || LateQuestions > 0 || OverdueTasks > 0 || UnassessedSubmissions > 0;
}

public sealed class LiaisonStatus(VigilDbContext db, TimeProvider clock, IOptions<FamilyOptions> options)
{
    public async Task<CaseLiaisonStatus?> ForCaseAsync(DeathCase c, CancellationToken ct) =>
        (await ForCasesAsync([(c.Id, c.Reference, c.Deceased.Name)], ct)).FirstOrDefault();

    /// <summary>Cases (already scoped by CaseAccess) that have a family file or an FLO, with their status.</summary>
    public async Task<List<CaseLiaisonStatus>> ForScopeAsync(IQueryable<DeathCase> visible, string? deployedUserId, CancellationToken ct)
    {
        var files = db.FamilyFiles;
        var deployments = db.FloDeployments;
        var withFamily = visible.Where(c => files.Any(f => f.CaseId == c.Id) || deployments.Any(d => d.CaseId == c.Id && d.EndedAt == null));
        if (deployedUserId is not null)
            withFamily = withFamily.Where(c => deployments.Any(d => d.CaseId == c.Id && d.EndedAt == null && d.OfficerUserId == deployedUserId));
        var cases = await withFamily.OrderBy(c => c.Reference).Take(500).Select(c => new { c.Id, c.Reference, c.Deceased.Name }).ToListAsync(ct);
        return await ForCasesAsync(cases.Select(c => (c.Id, c.Reference, c.Name)).ToList(), ct);
    }

    private async Task<List<CaseLiaisonStatus>> ForCasesAsync(IReadOnlyList<(Guid Id, string Reference, string? Name)> cases, CancellationToken ct)
    {
        var ids = cases.Select(c => c.Id).ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        var files = await db.FamilyFiles.AsNoTracking().Where(f => ids.Contains(f.CaseId)).ToDictionaryAsync(f => f.CaseId, ct);
        var contacts = (await db.FamilyContacts.AsNoTracking().Where(c => ids.Contains(c.CaseId)).ToListAsync(ct)).ToLookup(c => c.CaseId);
        var officers = (await db.FloDeployments.AsNoTracking().Where(d => ids.Contains(d.CaseId) && d.EndedAt == null).ToListAsync(ct)).ToLookup(d => d.CaseId);
        var questions = (await db.FamilyQuestions.AsNoTracking().Where(q => ids.Contains(q.CaseId) && q.AnsweredAt == null).ToListAsync(ct)).ToLookup(q => q.CaseId);
        var tasks = (await db.FamilyTasks.AsNoTracking().Where(t => ids.Contains(t.CaseId) && t.DoneAt == null).ToListAsync(ct)).ToLookup(t => t.CaseId);
        var unassessed = await db.FamilySubmissions.AsNoTracking().Where(s => ids.Contains(s.CaseId) && s.AssessedAt == null)
            .GroupBy(s => s.CaseId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        return cases.Select(c =>
        {
            var file = files.GetValueOrDefault(c.Id);
            var made = contacts[c.Id].ToList();
            return new CaseLiaisonStatus(c.Id, c.Reference, c.Name, officers[c.Id].Select(o => o.OfficerName).ToList(),
                FamilyDeadlines.NextContact(file, made, now, options.Value.Rules), FamilyDeadlines.FirstContactWasLate(file, made, options.Value.Rules),
                questions[c.Id].Count(), questions[c.Id].Count(q => FamilyDeadlines.StateOf(q, now) == QuestionState.Late),
                tasks[c.Id].Count(), tasks[c.Id].Count(t => t.DueAt < now), unassessed.GetValueOrDefault(c.Id),
                questions[c.Id].Count(q => q.DraftAnswer != null));
        }).ToList();
    }
}
