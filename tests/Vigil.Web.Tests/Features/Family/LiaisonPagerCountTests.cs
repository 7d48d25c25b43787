using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Identity;
using Vigil.Web.Features.Family;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Family;

/// <summary>ADR 1647: the liaison dashboard counts its cases for the pager only as far as it needs (1,000 in service; 1
/// here, so three families pass it), without ranking them for the count; the families needing attention stay first.</summary>
public abstract class LiaisonPagerCountTests
{
    protected abstract VigilAppFactory NewApp(Action<IServiceCollection> services);

    [Fact]
    public async Task TheDashboardsPager_SaysMoreThanPastItsCount_TheLastPageExactly_AndTheCountRanksNothing()
    {
        var sent = new SqlSent();
        await using var app = NewApp(s =>
        {
            s.Configure<FamilyOptions>(o => o.ListCountStopsAt = 1);
            s.AddSingleton<IInterceptor>(sent);
        });
        await app.InitializeAsync();
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var flo = await app.CreateUserAsync(Roles.FamilyLiaison, ivy.Team);
        var cases = new List<Vigil.Web.Features.Cases.CaseResponse>();
        for (var i = 0; i < 3; i++) cases.Add(await app.CreateCaseAsync(ivy));
        var late = cases[^1]; // the highest reference: last if the list were in reference order alone
        await app.WithScopeAsync(async sp =>
        {
            var commands = sp.GetRequiredService<LiaisonCommands>();
            foreach (var c in cases) await commands.DeployAsync(c.Id, flo.Id, "DC Pager", "07700 900021", default);
            await commands.SaveFileAsync(late.Id, DateTime.UtcNow.AddHours(-30), null, null, false, "test", default);
            return true;
        });
        using var client = await app.SignedInClientAsync(flo);

        sent.Texts.Clear();
        var first = Forms.Parse(await client.GetStringAsync("/liaison?size=1"));
        Assert.Equal("Page 1 of at least 2 (more than 1 in all)", first.QuerySelector("nav.pager span")!.TextContent);
        Assert.Contains(late.Reference, first.QuerySelector("table.liaison tbody tr.flag")!.TextContent, StringComparison.Ordinal);
        // The pager's count stops reading at its limit, and does not work out which families need attention to do it.
        // (ADR 3267: both read the cases' liaison rows; the attention rule is over the row's inputs, the due times.)
        var count = Assert.Single(sent.Texts, sql => sql.Contains("count(", StringComparison.OrdinalIgnoreCase) && sql.Contains("case_liaisons", StringComparison.Ordinal));
        Assert.Contains("LIMIT", count, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("OpenQuestionDueAt", count, StringComparison.Ordinal);

        var last = Forms.Parse(await client.GetStringAsync("/liaison?size=1&page=3"));
        Assert.Equal("Page 3 of 3 (3 in all)", last.QuerySelector("nav.pager span")!.TextContent);
        Assert.Null(last.QuerySelector("nav.pager a[rel=next]"));
        var listed = new List<string>();
        for (var n = 1; n <= 3; n++)
            listed.AddRange(Forms.Parse(await client.GetStringAsync($"/liaison?size=1&page={n}")).QuerySelectorAll("table.liaison tbody td:first-child a").Select(a => a.TextContent));
        Assert.Equal(cases.Select(c => c.Reference).Order(), listed.Order());
    }
}

public sealed class LiaisonPagerCountTests_Sqlite : LiaisonPagerCountTests
{
    protected override VigilAppFactory NewApp(Action<IServiceCollection> services) => new SqliteApp { ServiceChanges = services };
}

[Collection(PostgresCollection.Name)]
public sealed class LiaisonPagerCountTests_Postgres : LiaisonPagerCountTests
{
    protected override VigilAppFactory NewApp(Action<IServiceCollection> services) => new PostgresApp { ServiceChanges = services };
}
