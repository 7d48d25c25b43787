namespace Vigil.Web.Features.Family;

/// <summary>Family contacts, questions, disclosures and submissions on the case's one timeline.</summary>
public sealed class FamilyTimelineSource(CasePanelRows rows) : ITimelineSource
{
    /// <summary>Only those who may open the family file see its entries on the timeline (ADR 0301, 0502).</summary>
    public string Policy => Auth.Policies.Liaise;

    public async Task<IEnumerable<TimelineItem>> ItemsAsync(VigilDbContext db, DeathCase c, CancellationToken ct)
    {
        var items = new List<TimelineItem>();
        items.AddRange(await rows.UnlessNone(c.Id, PanelTable.FamilyContacts, () => Contacts.For(db)(db, c.Id).ToListAsync(ct).AsTask()));
        items.AddRange(await rows.UnlessNone(c.Id, PanelTable.FamilyQuestions, () => Questions.For(db)(db, c.Id).ToListAsync(ct).AsTask()));
        items.AddRange(await rows.UnlessNone(c.Id, PanelTable.Disclosures, () => Disclosures.For(db)(db, c.Id).ToListAsync(ct).AsTask()));
        items.AddRange(await rows.UnlessNone(c.Id, PanelTable.FamilySubmissions, () => Submissions.For(db)(db, c.Id).ToListAsync(ct).AsTask()));
        return items;
    }

    // Compiled once (ADR 2311): the case page's timeline runs all four for a liaison reader. The same statements; the
    // contacts and disclosures read the name of the officer who made them in their own (ADR 3253), so an FLO (never one
    // of the case's officers an editor's page knows) costs the page no statement more.
    private static readonly CompiledPerModel<Func<VigilDbContext, Guid, IAsyncEnumerable<TimelineItem>>> Contacts = new(() =>
        EF.CompileAsyncQuery((VigilDbContext db, Guid caseId) => db.Set<FamilyContact>().AsNoTracking().Where(x => x.CaseId == caseId).OrderBy(x => x.At).ThenBy(x => x.Id)
            .Select(x => new TimelineItem(x.At, "family-contact", "Family contact by " + x.Method, x.By, null, db.Users.Where(u => u.UserName == x.By).Select(u => u.DisplayName).FirstOrDefault()))));

    private static readonly CompiledPerModel<Func<VigilDbContext, Guid, IAsyncEnumerable<TimelineItem>>> Questions = new(() =>
        EF.CompileAsyncQuery((VigilDbContext db, Guid caseId) => db.Set<FamilyQuestion>().AsNoTracking().Where(x => x.CaseId == caseId).OrderBy(x => x.AskedAt).ThenBy(x => x.Id)
            .Select(x => new TimelineItem(x.AskedAt, "family-question", "The family asked: " + x.Text, null, null, null))));

    private static readonly CompiledPerModel<Func<VigilDbContext, Guid, IAsyncEnumerable<TimelineItem>>> Disclosures = new(() =>
        EF.CompileAsyncQuery((VigilDbContext db, Guid caseId) => db.Set<Disclosure>().AsNoTracking().Where(x => x.CaseId == caseId).OrderBy(x => x.At).ThenBy(x => x.Id)
            .Select(x => new TimelineItem(x.At, x.Withheld ? "withheld-from-family" : "told-the-family", x.What, x.By, null, db.Users.Where(u => u.UserName == x.By).Select(u => u.DisplayName).FirstOrDefault()))));

    private static readonly CompiledPerModel<Func<VigilDbContext, Guid, IAsyncEnumerable<TimelineItem>>> Submissions = new(() =>
        EF.CompileAsyncQuery((VigilDbContext db, Guid caseId) => db.Set<FamilySubmission>().AsNoTracking().Where(x => x.CaseId == caseId).OrderBy(x => x.SubmittedAt).ThenBy(x => x.Id)
            .Select(x => new TimelineItem(x.SubmittedAt, "family-submission", "The family sent information", x.SubmittedBy, null, null))));
}
