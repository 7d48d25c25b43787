using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Web.Features.Linkage;
using Vigil.Web.Features.Linkage.Outbox;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Linkage.Outbox;

/// <summary>A death that can never be compared must not stop linkage for every death behind it (ADR 1193): it fails
/// alone, is parked after MaxAttempts, is shown on its case page and listed for operators, and can be queued again.</summary>
public abstract class ParkedLinkageTests(VigilAppFactory app)
{
    [Fact]
    public async Task APoisonedDeath_IsParkedAfterItsAttempts_TheDeathsBehindItAreCompared_AndARetryQueuesItAgain()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var ann = await app.CreateUserAsync(Roles.Analyst);
        using var ivyApi = app.ApiClient(ivy);
        var finder = LinkageSamples.UniqueFinder();
        var first = await LinkageClient.CreateAsync(ivyApi, ivy, LinkageSamples.Victim(finder, 0, "Parked First"));
        var worker = app.Services.GetRequiredService<LinkageWorker>();
        var max = app.Services.GetRequiredService<IOptions<LinkageSettings>>().Value.MaxAttempts;
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(Poison(install: true)));
        try
        {
            // The poisoned death is found in 1900, so it is first in the queue; the ordinary death behind it is a
            // second death of the first one's series and must still reach the analyst.
            var poisoned = await LinkageClient.CreateAsync(ivyApi, ivy, LinkageSamples.Victim(finder, 0, "Parked Poisoned") with
            {
                FoundAt = new DateTimeOffset(1900, 6, 1, 8, 0, 0, TimeSpan.Zero), ReportedAt = null,
            });
            var second = await LinkageClient.CreateAsync(ivyApi, ivy, LinkageSamples.Victim(finder, 21, "Parked Second"));
            // Each drain fails on it (this node's background worker may take some of the attempts).
            for (var i = 0; i < max * 2 && await AttemptsAsync(poisoned.Id) < max; i++)
            {
                try { await worker.DrainAsync(default); }
                catch (Exception e) when (e is System.Data.Common.DbException or DbUpdateException or InvalidOperationException) { }
            }
            Assert.Equal(max, await AttemptsAsync(poisoned.Id));

            await worker.CaughtUpAsync(null, default);
            using var annApi = app.ApiClient(ann);
            Assert.Single(await LinkageClient.QueueAsync(annApi, second.Id), r => r.EarlierRef == first.Reference);
            Assert.Equal(QueueState.Parked, await StateAsync(poisoned.Id));
            Assert.Equal(QueueState.Compared, await StateAsync(second.Id));
            var listed = Assert.Single(await app.WithScopeAsync(sp => sp.GetRequiredService<ParkedLinkage>().ListAsync(default)), r => r.CaseId == poisoned.Id);
            Assert.Contains("poisoned death", listed.LastError, StringComparison.Ordinal);

            using var browser = await app.SignedInClientAsync(ivy);
            var page = Forms.Parse(await browser.GetStringAsync($"/cases/{poisoned.Id}"));
            Assert.Contains("could not compare this death", page.QuerySelector(".linkage-parked")!.TextContent, StringComparison.Ordinal);
        }
        finally
        {
            await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(Poison(install: false)));
        }

        // Fixed, an operator queues it again and it is compared like any other death.
        var parkedId = (await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().Cases.Where(c => c.Deceased.Name == "Parked Poisoned" && c.TeamId == ivy.TeamId)
            .Select(c => c.Id).SingleAsync()));
        Assert.True(await app.WithScopeAsync(sp => sp.GetRequiredService<ParkedLinkage>().RetryAsync(default)) >= 1);
        await worker.CaughtUpAsync(null, default);
        Assert.Equal(QueueState.Compared, await StateAsync(parkedId));
    }

    private Task<int> AttemptsAsync(Guid caseId) => app.WithScopeAsync(sp =>
        sp.GetRequiredService<VigilDbContext>().Outbox().Where(o => o.CaseId == caseId && o.DoneAt == null).Select(o => o.Attempts).SingleAsync());

    private Task<QueueState> StateAsync(Guid caseId) => app.WithScopeAsync(sp => sp.GetRequiredService<ParkedLinkage>().StateOfAsync(caseId, default));

    private string Poison(bool install) => OutboxPoison.Sql(app.Provider, install, "outbox_poison", "1800-01-01", "1901-01-01");
}

[Collection(SqliteCollection.Name)]
public sealed class ParkedLinkageTests_Sqlite(SqliteApp app) : ParkedLinkageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ParkedLinkageTests_Postgres(PostgresApp app) : ParkedLinkageTests(app);
