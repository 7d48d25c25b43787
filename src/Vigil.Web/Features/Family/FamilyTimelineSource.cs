namespace Vigil.Web.Features.Family;

/// <summary>Family contacts, questions, disclosures and submissions on the case's one timeline.</summary>
public sealed class FamilyTimelineSource : ITimelineSource
{
    /// <summary>Only those who may open the family file see its entries on the timeline (ADR 0301, 0502).</summary>
    public string Policy => Auth.Policies.Liaise;

    public async Task<IEnumerable<TimelineItem>> ItemsAsync(VigilDbContext db, DeathCase c, CancellationToken ct)
    {
        var items = new List<TimelineItem>();
        items.AddRange(await db.FamilyContacts.AsNoTracking().Where(x => x.CaseId == c.Id).OrderBy(x => x.At).ThenBy(x => x.Id)
            .Select(x => new TimelineItem(x.At, "family-contact", "Family contact by " + x.Method, x.By)).ToListAsync(ct));
        items.AddRange(await db.FamilyQuestions.AsNoTracking().Where(x => x.CaseId == c.Id).OrderBy(x => x.AskedAt).ThenBy(x => x.Id)
            .Select(x => new TimelineItem(x.AskedAt, "family-question", "The family asked: " + x.Text, null)).ToListAsync(ct));
        items.AddRange(await db.Disclosures.AsNoTracking().Where(x => x.CaseId == c.Id).OrderBy(x => x.At).ThenBy(x => x.Id)
            .Select(x => new TimelineItem(x.At, x.Withheld ? "withheld-from-family" : "told-the-family", x.What, x.By)).ToListAsync(ct));
        items.AddRange(await db.FamilySubmissions.AsNoTracking().Where(x => x.CaseId == c.Id).OrderBy(x => x.SubmittedAt).ThenBy(x => x.Id)
            .Select(x => new TimelineItem(x.SubmittedAt, "family-submission", "The family sent information", x.SubmittedBy)).ToListAsync(ct));
        return items;
    }
}
