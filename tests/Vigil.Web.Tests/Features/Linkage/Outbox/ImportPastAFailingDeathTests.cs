using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Records;
using Vigil.Web.Features.Import;
using Vigil.Web.Features.Linkage;
using Vigil.Web.Features.Linkage.Outbox;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Linkage.Outbox;

/// <summary>An import that waits for linkage goes on past a death that cannot be compared, as the worker does (ADR
/// 1193, 3140): the death is parked after its attempts, the deaths behind it are compared, and the import returns its
/// summary (the rejected lines with it) instead of ending in the first failure with linkage half done.</summary>
public abstract class ImportPastAFailingDeathTests(VigilAppFactory app)
{
    [Fact]
    public async Task AnImportWaitingForLinkage_ParksTheDeathThatFails_ComparesTheRest_AndReturnsItsSummary()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var source = "pastfail-" + Guid.NewGuid().ToString("N")[..8];
        var failing = Samples.Record(name: "Pastfail Failing", foundAt: new DateTimeOffset(1900, 4, 11, 9, 0, 0, TimeSpan.Zero)) with { ReportedAt = null };
        var ordinary = Samples.Record(name: "Pastfail Ordinary");
        var input = new MemoryStream(Encoding.UTF8.GetBytes(
            DeathRecordWriter.ToJson(failing) + "\n{not a record\n" + DeathRecordWriter.ToJson(ordinary) + "\n"));
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(Poison(install: true)));
        ImportSummary summary;
        try
        {
            summary = await app.WithScopeAsync(sp => sp.GetRequiredService<ImportService>().ImportAsync(input, new ImportOptions(ivy.TeamId, source), null, default));
        }
        finally
        {
            await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(Poison(install: false)));
        }
        Assert.Equal((2, 1), (summary.Created, summary.Rejected.Count));
        var max = app.Services.GetRequiredService<IOptions<LinkageSettings>>().Value.MaxAttempts;
        var rows = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().Outbox().AsNoTracking()
            .Join(sp.GetRequiredService<VigilDbContext>().Cases.Where(c => c.Source == source), o => o.CaseId, c => c.Id, (o, c) => new { c.Deceased.Name, o.DoneAt, o.Attempts })
            .ToListAsync());
        Assert.Contains(rows, r => r.Name == "Pastfail Failing" && r.DoneAt == null && r.Attempts >= max);
        Assert.Contains(rows, r => r.Name == "Pastfail Ordinary" && r.DoneAt != null);

        // Cleared for the tests after this one: the parked death is queued again and compared.
        await app.WithScopeAsync(sp => sp.GetRequiredService<ParkedLinkage>().RetryAsync(default));
        await app.Services.GetRequiredService<LinkageWorker>().CaughtUpAsync(null, default);
    }

    private string Poison(bool install) => OutboxPoison.Sql(app.Provider, install, "outbox_poison_import", "1900-04-11", "1900-04-12");
}

[Collection(SqliteCollection.Name)]
public sealed class ImportPastAFailingDeathTests_Sqlite(SqliteApp app) : ImportPastAFailingDeathTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ImportPastAFailingDeathTests_Postgres(PostgresApp app) : ImportPastAFailingDeathTests(app);
