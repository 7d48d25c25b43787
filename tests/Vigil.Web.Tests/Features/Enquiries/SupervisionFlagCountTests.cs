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
        await using var app = NewApp(s => LimitOfTwo(s, sent));
        var (sam, _) = await ThreeDeathsOneFinderAsync(app);

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

    [Fact]
    public async Task ARedFlagsListPage_CountsAsFarAsThePageReaches_AndSaysMoreThan_ToTheLastPageExactly()
    {
        var sent = new SqlSent();
        await using var app = NewApp(s => LimitOfTwo(s, sent));
        var (sam, made) = await ThreeDeathsOneFinderAsync(app);
        using var page = await app.SignedInClientAsync(sam);
        var list = "/enquiries/lists/" + WorkLists.FlagListId(RedFlags.RecurringPerson);

        // A page of one: the count stops at the tile's limit and one more (3), so the page cannot say it is all.
        sent.Texts.Clear();
        var first = Forms.Parse(await page.GetStringAsync(list + "?size=1"));
        Assert.Contains("more than 2 items", first.QuerySelectorAll("p").Single(p => p.TextContent.Contains("Back to supervision", StringComparison.Ordinal)).TextContent, StringComparison.Ordinal);
        Assert.Equal("Page 1 of at least 3 (more than 2 in all)", first.QuerySelector("nav.pager span")!.TextContent);
        Assert.NotNull(first.QuerySelector("nav.pager a[rel=next]"));
        Assert.Contains("LIMIT", Assert.Single(sent.Texts, RecurringCount), StringComparison.OrdinalIgnoreCase);

        // The last page: counted as far as it reaches, the total is known, and every death was listed once over the pages.
        var seen = new List<string>();
        for (var n = 1; n <= 3; n++)
            seen.AddRange(Forms.Parse(await page.GetStringAsync($"{list}?size=1&page={n}")).QuerySelectorAll("table.work-list tbody td:first-child a").Select(a => a.TextContent));
        var last = Forms.Parse(await page.GetStringAsync(list + "?size=1&page=3"));
        Assert.Equal("Page 3 of 3 (3 in all)", last.QuerySelector("nav.pager span")!.TextContent);
        Assert.Null(last.QuerySelector("nav.pager a[rel=next]"));
        Assert.Equal(made.Order(), seen.Order());

        // A page asked past the end is the last one, as before.
        var beyond = Forms.Parse(await page.GetStringAsync(list + "?size=1&page=9"));
        Assert.Equal("Page 3 of 3 (3 in all)", beyond.QuerySelector("nav.pager span")!.TextContent);

        // The API counts the list exactly, with its total in the header.
        using var api = app.ApiClient(sam);
        using var listed = await api.GetAsync("/api/v1/enquiries/lists/" + WorkLists.FlagListId(RedFlags.RecurringPerson) + "?size=1");
        Assert.Equal("3", Assert.Single(listed.Headers.GetValues("X-Total-Count")));
    }

    private static void LimitOfTwo(IServiceCollection services, SqlSent sent)
    {
        services.Configure<EnquiryOptions>(o => o.FlagTileCountStopsAt = 2);
        services.AddSingleton<IInterceptor>(sent);
    }

    /// <summary>Three deaths of one team found by one finder (the recurring-person flag on each), each with a note and a
    /// syringe; the team's supervisor and the deaths' references.</summary>
    private static async Task<(TestUser Supervisor, List<string> References)> ThreeDeathsOneFinderAsync(VigilAppFactory app)
    {
        await app.InitializeAsync();
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var finder = "Dorothy " + Guid.NewGuid().ToString("N")[..8];
        var made = new List<string>();
        for (var i = 0; i < 3; i++) made.Add((await app.CreateCaseAsync(ivy, PortLike(finder, "Karl " + Guid.NewGuid().ToString("N")[..8]))).Reference);
        return (await app.CreateUserAsync(Roles.Supervisor, ivy.Team), made);
    }

    private static bool RecurringCount(string sql) => sql.Contains("count(", StringComparison.OrdinalIgnoreCase) && sql.Contains("'last-seen-with'", StringComparison.Ordinal);
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
