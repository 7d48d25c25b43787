using Vigil.Web.Hosting;
using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Cases;
using Vigil.Data.Identity;
using Vigil.Records;
using Vigil.Web.Features.Cases;
using Vigil.Web.Features.Enquiries.Reviews;
using Vigil.Web.Features.Enquiries.Rules;
using Vigil.Web.Features.Linkage;
using Vigil.Web.Tests.Features.Linkage;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Cases;

public sealed class CaseSavePipelineUnitTests
{
    private sealed class Slot(int order) : ICaseChangeHook
    {
        public int Order => order;
    }

    [Fact]
    public void Hooks_RunInTheirDeclaredOrder_NotInRegistrationOrder()
    {
        ICaseChangeHook late = new Slot(900), early = new Slot(100), middle = new Slot(300);
        var pipeline = new CaseSavePipeline(null!, TimeProvider.System, [late, early, middle], []);
        Assert.Equal([early, middle, late], pipeline.Hooks);
    }
}

/// <summary>Every path that saves a case (create, edit, import) runs the same sequence: hooks before the save see the
/// change uncommitted, hooks after it see it committed, and the kind tells them which path it was.</summary>
public abstract class CaseSavePipelineTests(VigilAppFactory app)
{
    private sealed record Seen(CaseChangeKind Kind, string Stage, bool Committed);

    /// <summary>Notes, from a separate connection, whether the case is committed when each stage runs.</summary>
    private sealed class Witness(IServiceScopeFactory scopes) : ICaseChangeHook
    {
        public static readonly ConcurrentDictionary<Guid, List<Seen>> ByCase = new();

        public int Order => 500;

        public Task BeforeSaveAsync(VigilDbContext db, IReadOnlyList<DeathCase> cases, CaseChangeKind kind, CancellationToken ct) => NoteAsync(cases, kind, "before", ct);

        public Task AfterSaveAsync(IReadOnlyList<DeathCase> cases, CaseChangeKind kind, CancellationToken ct) => NoteAsync(cases, kind, "after", ct);

        private async Task NoteAsync(IReadOnlyList<DeathCase> cases, CaseChangeKind kind, string stage, CancellationToken ct)
        {
            await using var scope = scopes.CreateAsyncScope();
            var other = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
            foreach (var c in cases)
            {
                var committed = await other.Cases.AnyAsync(x => x.Id == c.Id && x.Version == c.Version, ct);
                lock (ByCase) ByCase.GetOrAdd(c.Id, _ => []).Add(new Seen(kind, stage, committed));
            }
        }
    }

    [Fact]
    public void TheAppsHooks_AreOrdered_RulesReviewsEventsThenLinkage()
    {
        using var scope = app.Services.CreateScope();
        var types = scope.ServiceProvider.GetRequiredService<CaseSavePipeline>().Hooks.Select(h => h.GetType()).ToList();
        Assert.Equal([typeof(EnquiryRulesHook), typeof(ReviewScheduleHook), typeof(ReimportClassificationHook), typeof(Vigil.Web.Features.Search.SearchIndexer),
            typeof(Vigil.Web.Features.Linkage.Outbox.LinkageOutboxHook), typeof(Vigil.Web.Features.Notifications.WatchHook)], types);
    }

    [Fact]
    public async Task CreateEditAndImport_RunTheSameSequence()
    {
        using var host = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddScoped<ICaseChangeHook, Witness>()));
        var ivy = await app.CreateUserAsync(Roles.Supervisor);
        using var client = LinkageClient.Api(host, ivy);
        var source = "pipe-" + Guid.NewGuid().ToString("N")[..6];
        var created = await LinkageClient.CreateAsync(client, ivy, Samples.Record(source: source));

        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/cases/{created.Id}") { Content = JsonContent.Create(new UpdateCaseRequest(created.Record with { Narrative = "edited" }), options: ApiJson.Client) };
        put.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"1\""));
        (await client.SendAsync(put)).EnsureSuccessStatusCode();
        var line = DeathRecordWriter.ToJson(created.Record with { Narrative = "imported" });
        (await client.PostAsync($"/api/v1/imports?team={ivy.TeamId}&source={source}", new StringContent(line, Encoding.UTF8, "application/x-ndjson"))).EnsureSuccessStatusCode();

        Assert.Equal(
        [
            new(CaseChangeKind.Created, "before", false), new(CaseChangeKind.Created, "after", true),
            new(CaseChangeKind.Edited, "before", false), new(CaseChangeKind.Edited, "after", true),
            new(CaseChangeKind.Imported, "before", false), new(CaseChangeKind.Imported, "after", true),
        ], Witness.ByCase[created.Id]);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CaseSavePipelineTests_Sqlite(SqliteApp app) : CaseSavePipelineTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CaseSavePipelineTests_Postgres(PostgresApp app) : CaseSavePipelineTests(app);
