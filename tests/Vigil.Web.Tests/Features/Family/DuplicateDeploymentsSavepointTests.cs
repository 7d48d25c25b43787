using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Family;
using Vigil.Web.Features.Family;
using Vigil.Web.Tests.Hosting;
using Vigil.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Vigil.Web.Tests.Features.Family;

/// <summary>Round 56's leftover (ADR 3274): the duplicates' fix saves inside the transaction it began for the table's
/// lock and the index, and EF wrapped that save in SAVEPOINT / RELEASE, two statements guarding nothing (a failed save
/// throws and the whole transaction rolls back; ADR 2434, 3258 found the same).</summary>
public abstract class DuplicateDeploymentsSavepointTests(ITestOutputHelper output)
{
    protected abstract VigilAppFactory NewApp(Action<IServiceCollection> services);

    [Fact]
    public async Task TheFix_EndsADuplicate_InItsTransaction_WithNoSavepoint()
    {
        var app = NewApp(StatementCounter.Register);
        await app.InitializeAsync();
        await using var _ = app;
        // A store from before the index, holding a duplicate as the old page made it.
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DROP INDEX IF EXISTS \"IX_flo_deployments_one_active\""));
        var f = await FamilyKit.CaseAsync(app);
        await app.WithDbAsync(async db =>
        {
            var first = await db.FloDeployments.SingleAsync(d => d.CaseId == f.Case.Id);
            db.FloDeployments.Add(new FloDeployment { CaseId = f.Case.Id, OfficerUserId = f.Flo.Id, OfficerName = "DC Flo again", ContactDetails = "07700 900009", DeployedAt = first.DeployedAt.AddMinutes(5) });
            await db.SaveChangesAsync();
        });

        var counter = app.Services.GetRequiredService<StatementCounter>();
        counter.Start(outside: true);
        Assert.Equal(1, await DuplicateDeployments.EndThenIndexAsync(app.Services, default));
        var sent = counter.Stop();
        output.WriteLine($"{sent.Statements} statements / {sent.RoundTrips} round trips: {string.Join(" | ", sent.Sent.Select(s => s.Split('\n')[0]))}");
        Assert.DoesNotContain(sent.Sent, s => s.Contains("SAVEPOINT", StringComparison.Ordinal));
    }
}

public sealed class DuplicateDeploymentsSavepointTests_Sqlite(ITestOutputHelper output) : DuplicateDeploymentsSavepointTests(output)
{
    protected override VigilAppFactory NewApp(Action<IServiceCollection> services) => new SqliteApp { ServiceChanges = services };
}

public sealed class DuplicateDeploymentsSavepointTests_Postgres(ITestOutputHelper output) : DuplicateDeploymentsSavepointTests(output)
{
    protected override VigilAppFactory NewApp(Action<IServiceCollection> services) => new PostgresApp { ServiceChanges = services };
}
