using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Data.Linkage;
using Vigil.Records;
using Vigil.Web.Features.Import;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Import;

/// <summary>ADR 3143, 1630: a re-import queues for linkage only the records that changed. The file is imported through the API
/// and compared; the same file again queues nothing; a file with one record changed queues that one.</summary>
public abstract class ReimportLinkageQueueTests(VigilAppFactory app)
{
    [Fact]
    public async Task ReimportOfTheSameFile_QueuesNothing_AndAChangedRecordIsQueued()
    {
        var supervisor = await app.CreateUserAsync(Roles.Supervisor);
        using var client = app.ApiClient(supervisor);
        var source = "requeue-" + Guid.NewGuid().ToString("N")[..6];
        var records = Enumerable.Range(0, 3).Select(i => Samples.Record(source: source, name: $"Reimport Person{i}") with
        {
            People = [new RecordPerson { Role = "last-seen-with", Name = "Stella Marsh", Dob = new DateOnly(1990, 4, 1), Phone = "07700 900123" }],
        }).ToArray();

        Assert.Equal((3, 0, 0), await ImportAsync(client, supervisor.TeamId, source, records));
        Assert.Equal(3, await QueuedAsync(source));

        Assert.Equal((0, 0, 3), await ImportAsync(client, supervisor.TeamId, source, records));
        Assert.Equal(3, await QueuedAsync(source));

        records[1] = records[1] with { Deceased = records[1].Deceased! with { Age = 41 } };
        Assert.Equal((0, 1, 2), await ImportAsync(client, supervisor.TeamId, source, records));
        Assert.Equal(4, await QueuedAsync(source));
        var changed = await QueryAsync(db => db.Cases.Where(c => c.Source == source && c.SourceRef == records[1].Ref).Select(c => c.Id).SingleAsync());
        Assert.Equal(2, await QueryAsync(db => db.Set<LinkageOutboxRow>().CountAsync(o => o.CaseId == changed)));
    }

    /// <summary>Imports and waits until what it queued is compared, as an operator's scheduled import does.</summary>
    private static async Task<(int Created, int Updated, int Unchanged)> ImportAsync(HttpClient client, Guid team, string source, DeathRecord[] records)
    {
        var result = await ImportApiCalls.ImportAsync(client, team, source, records, waitForLinkage: true);
        Assert.True(result.Rejected.Count == 0, string.Join("; ", result.Rejected.Select(r => r.Message)));
        return (result.Created, result.Updated, result.Unchanged);
    }

    /// <summary>Linkage outbox rows ever written for the source's cases (rows done are kept, so the count only grows).</summary>
    private Task<int> QueuedAsync(string source) => QueryAsync(db =>
        db.Set<LinkageOutboxRow>().CountAsync(o => db.Cases.Any(c => c.Id == o.CaseId && c.Source == source)));

    private Task<T> QueryAsync<T>(Func<VigilDbContext, Task<T>> query) => app.WithScopeAsync(sp => query(sp.GetRequiredService<VigilDbContext>()));
}

[Collection(SqliteCollection.Name)]
public sealed class ReimportLinkageQueueTests_Sqlite(SqliteApp app) : ReimportLinkageQueueTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ReimportLinkageQueueTests_Postgres(PostgresApp app) : ReimportLinkageQueueTests(app);
