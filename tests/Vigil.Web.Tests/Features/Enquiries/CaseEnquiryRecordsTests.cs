using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Web.Features.Cases;
using Vigil.Web.Features.Enquiries;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Enquiries;

/// <summary>ADR 2032: the case page's timeline and its enquiry panels read a case's actions, decisions, movements,
/// submissions and results once per request, not once each.</summary>
public abstract class CaseEnquiryRecordsTests(VigilAppFactory app)
{
    [Fact]
    public async Task TheTimelineAndThePanels_ShareOneReadOfEachTable()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var created = await app.CreateCaseAsync(ivy);
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<VigilDbContext>();
            var c = await db.Cases.Include(x => x.Exhibits).SingleAsync(x => x.Id == created.Id);
            var records = sp.GetRequiredService<CaseEnquiryRecords>();
            var timeline = sp.GetServices<ITimelineSource>().OfType<EnquiryTimeline>().Single();
            var items = (await timeline.ItemsAsync(db, c, default)).ToList();
            var actions = await records.ActionsAsync(c.Id, default);
            Assert.Equal(actions.Count, items.Count(i => i.Kind == "action-raised"));
            var snapshot = await sp.GetRequiredService<EnquiryPanelData>().LoadAsync(c, default);
            Assert.Same(actions, snapshot.Actions);
            Assert.Same(await records.DecisionsAsync(c.Id, default), snapshot.Decisions);
            Assert.Same(await records.MovementsAsync(c.Id, default), snapshot.Movements);
            Assert.Same(await records.SubmissionsAsync(c.Id, default), snapshot.Submissions);
            Assert.Same(await records.ExaminationsAsync(c.Id, default), snapshot.Examinations);
            return true;
        });
    }

    [Fact]
    public async Task AnotherRequest_ReadsAgain()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var created = await app.CreateCaseAsync(ivy);
        var first = await app.WithScopeAsync(sp => sp.GetRequiredService<CaseEnquiryRecords>().ActionsAsync(created.Id, default));
        var second = await app.WithScopeAsync(sp => sp.GetRequiredService<CaseEnquiryRecords>().ActionsAsync(created.Id, default));
        Assert.NotSame(first, second);
        Assert.Equal(first.Select(a => a.Id), second.Select(a => a.Id));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CaseEnquiryRecordsTests_Sqlite(SqliteApp app) : CaseEnquiryRecordsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CaseEnquiryRecordsTests_Postgres(PostgresApp app) : CaseEnquiryRecordsTests(app);
