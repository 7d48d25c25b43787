using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Identity;
using Vigil.Web.Features.Enquiries;
using Vigil.Web.Features.Enquiries.Dashboards;
using Vigil.Web.Features.Enquiries.Rules;
using Vigil.Web.Tests.Infrastructure;
using static Vigil.Web.Tests.Features.Enquiries.EnquiryClient;

namespace Vigil.Web.Tests.Features.Enquiries;

/// <summary>ADR 3266 (review56): a list counted only as far as its pager needs (ADR 1647) is paged no deeper than ten
/// times its count's limit. On main a page number typed into the address was counted to its own end: page 4,294,966 of a
/// red flag's list counted every flagged case (on a million deaths the 8 s count ADR 1646 and 1647 took away) and then
/// read past all but the last page's rows to show it.</summary>
public abstract class CountedPagerDepthTests
{
    protected abstract VigilAppFactory NewApp(Action<IServiceCollection> services);

    [Fact]
    public async Task APageNumberInTheAddress_IsReadNoDeeperThanTenTimesTheCountsLimit_AndTheDeepestPageOffersNoNext()
    {
        // A limit of 1 and pages of one row: ten pages are read at the most, and twelve deaths carry the flag.
        await using var app = NewApp(s => s.Configure<EnquiryOptions>(o => o.FlagTileCountStopsAt = 1));
        await app.InitializeAsync();
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var finder = "Dorothy " + Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 12; i++) await app.CreateCaseAsync(ivy, PortLike(finder, "Karl " + Guid.NewGuid().ToString("N")[..8]));
        using var page = await app.SignedInClientAsync(await app.CreateUserAsync(Roles.Supervisor, ivy.Team));
        var list = "/enquiries/lists/" + WorkLists.FlagListId(RedFlags.RecurringPerson);

        var deep = Forms.Parse(await page.GetStringAsync(list + "?size=1&page=4294966"));
        Assert.Equal("Page 10 of at least 11 (more than 10 in all; the pages stop here)", deep.QuerySelector("nav.pager span")!.TextContent);
        Assert.Null(deep.QuerySelector("nav.pager a[rel=next]"));
        Assert.Single(deep.QuerySelectorAll("table.work-list tbody tr"));

        // A page within the depth pages on as before.
        var ninth = Forms.Parse(await page.GetStringAsync(list + "?size=1&page=9"));
        Assert.Equal("Page 9 of at least 10 (more than 9 in all)", ninth.QuerySelector("nav.pager span")!.TextContent);
        Assert.NotNull(ninth.QuerySelector("nav.pager a[rel=next]"));
    }
}

public sealed class CountedPagerDepthTests_Sqlite : CountedPagerDepthTests
{
    protected override VigilAppFactory NewApp(Action<IServiceCollection> services) => new SqliteApp { ServiceChanges = services };
}

[Collection(PostgresCollection.Name)]
public sealed class CountedPagerDepthTests_Postgres : CountedPagerDepthTests
{
    protected override VigilAppFactory NewApp(Action<IServiceCollection> services) => new PostgresApp { ServiceChanges = services };
}
