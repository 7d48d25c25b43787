using System.Data.Common;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Identity;
using Vigil.Web.Features.Enquiries;
using Vigil.Web.Features.Enquiries.Dashboards;
using Vigil.Web.Features.Enquiries.Rules;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Infrastructure;
using static Vigil.Web.Tests.Features.Enquiries.EnquiryClient;

namespace Vigil.Web.Tests.Features.Enquiries;

/// <summary>ADR 1646: the supervision page counts a red flag's cases only up to a limit (1,000 in service; 2 here, so
/// three deaths pass it) and says "more than" past it; the work queues and the API's counts stay exact.</summary>
public abstract class SupervisionFlagCountTests
{
    protected abstract VigilAppFactory NewApp(Action<IServiceCollection> services);

    [Fact]
    public async Task ARedFlagsTile_StopsCountingPastItsLimit_AndSaysMoreThan_WhileTheApiCountsThemAll()
    {
        var sent = new SqlSent();
        await using var app = NewApp(s =>
        {
            s.Configure<EnquiryOptions>(o => o.FlagTileCountStopsAt = 2);
            s.AddSingleton<IInterceptor>(sent);
        });
        await app.InitializeAsync();
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var sam = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var finder = "Dorothy " + Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 3; i++) await app.CreateCaseAsync(ivy, PortLike(finder, "Karl " + Guid.NewGuid().ToString("N")[..8]));

        using var page = await app.SignedInClientAsync(sam);
        sent.Texts.Clear();
        var tiles = Forms.Parse(await page.GetStringAsync("/enquiries/supervision")).QuerySelectorAll("ul.dashboard a")
            .ToDictionary(a => a.GetAttribute("href")!, a => a.QuerySelector(".count")!.TextContent);
        Assert.Equal("more than 2", tiles["/enquiries/lists/" + WorkLists.FlagListId(RedFlags.RecurringPerson)]);
        Assert.Equal("more than 2", tiles["/enquiries/lists/" + WorkLists.FlagListId(RedFlags.NoteUnexamined)]);
        Assert.Equal("0", tiles["/enquiries/lists/" + WorkLists.FlagListId(RedFlags.SuicideContradiction)]);
        // A work queue is counted exactly: each death's note and syringe are exhibits never submitted for testing.
        Assert.Equal("6", tiles["/enquiries/lists/untested-exhibits"]);
        // What makes the page fast on a million: the recurring-person count stops reading at the limit.
        Assert.Contains("LIMIT", Assert.Single(sent.Texts, RecurringCount), StringComparison.OrdinalIgnoreCase);
        sent.Texts.Clear();

        using var api = app.ApiClient(sam);
        var counts = (await api.GetFromJsonAsync<Dictionary<string, int>>("/api/v1/enquiries/dashboard", ApiJson.Client))!;
        Assert.Equal(3, counts[WorkLists.FlagListId(RedFlags.RecurringPerson)]);
        Assert.Equal(3, counts[WorkLists.FlagListId(RedFlags.NoteUnexamined)]);
        Assert.DoesNotContain("LIMIT", Assert.Single(sent.Texts, RecurringCount), StringComparison.OrdinalIgnoreCase);
    }

    private static bool RecurringCount(string sql) => sql.Contains("count(", StringComparison.OrdinalIgnoreCase) && sql.Contains("'last-seen-with'", StringComparison.Ordinal);

    /// <summary>The text of every statement sent, to see what the database was asked.</summary>
    private sealed class SqlSent : DbCommandInterceptor
    {
        public System.Collections.Concurrent.ConcurrentBag<string> Texts { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Texts.Add(command.CommandText);
            return ValueTask.FromResult(result);
        }
    }
}

public sealed class SupervisionFlagCountTests_Sqlite : SupervisionFlagCountTests
{
    protected override VigilAppFactory NewApp(Action<IServiceCollection> services) => new SqliteApp { ServiceChanges = services };
}

[Collection(PostgresCollection.Name)]
public sealed class SupervisionFlagCountTests_Postgres : SupervisionFlagCountTests
{
    protected override VigilAppFactory NewApp(Action<IServiceCollection> services) => new PostgresApp { ServiceChanges = services };
}
