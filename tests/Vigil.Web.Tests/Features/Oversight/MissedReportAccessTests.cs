using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Data.Linkage;
using Vigil.Web.Features.Linkage;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Features.Linkage;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Oversight;

/// <summary>The missed-opportunity report says that an alert naming a death outside the reader's access was raised and
/// decided (ADR 0804), but not the analyst's reason, which may describe that death (ADR 2902): for a case, for its series,
/// on the page and in the PDF. The analyst, who may read both deaths, reads the reason.</summary>
public abstract class MissedReportAccessTests(VigilAppFactory app)
{
    [Fact]
    public async Task AlertNamingAnotherTeamsDeath_IsReported_WithoutTheAnalystsReason()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var other = await app.CreateUserAsync(Roles.Investigator);
        var analyst = await app.CreateUserAsync(Roles.Analyst);
        // Two deaths alike each other and nothing else: the newer (ours) raises one alert, naming theirs.
        var finder = LinkageSamples.UniqueFinder();
        var theirs = await app.CreateCaseAsync(other, LinkageSamples.Victim(finder, 0, "Owen Carraway"));
        var ours = await app.CreateCaseAsync(ivy, LinkageSamples.Victim(finder, 25, "Emlyn Padgett"));
        using var analystApi = app.ApiClient(analyst);
        var alert = await LinkageClient.OpenPairAsync(analystApi, app, ours, theirs); // says where the comparison stood if none
        var token = Guid.NewGuid().ToString("N")[..10];
        var reason = $"the finder {token} found both";
        Assert.Equal(HttpStatusCode.NoContent,
            (await analystApi.PostAsJsonAsync($"/api/v1/linkage/candidates/{alert.Id}/decision", new DecisionRequest(true, reason), ApiJson.Client)).StatusCode);
        var seriesId = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().SeriesMembers()
            .Where(m => m.CaseId == ours.Id && m.Status == MemberStatus.Confirmed).Select(m => m.SeriesId).FirstAsync());
        using var analystWeb = await app.SignedInClientAsync(analyst);
        Assert.Contains(token, await analystWeb.GetStringAsync($"/cases/{ours.Id}/missed"), StringComparison.Ordinal);

        using var web = await app.SignedInClientAsync(ivy);
        foreach (var page in new[] { $"/cases/{ours.Id}/missed", $"/series/{seriesId}/missed" })
        {
            var html = await web.GetStringAsync(page);
            Assert.Contains("a death outside your access", html, StringComparison.Ordinal);
            Assert.DoesNotContain(token, html, StringComparison.Ordinal);
        }
        // In the PDFs (whose lines wrap at spaces, so the one-word token is whole wherever it is).
        Assert.Contains(token, await PdfTools.TextAsync(await analystWeb.GetByteArrayAsync($"/cases/{ours.Id}/missed.pdf")), StringComparison.Ordinal);
        foreach (var pdf in new[] { $"/cases/{ours.Id}/missed.pdf", $"/series/{seriesId}/missed.pdf" })
            Assert.DoesNotContain(token, await PdfTools.TextAsync(await web.GetByteArrayAsync(pdf)), StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class MissedReportAccessTests_Sqlite(SqliteApp app) : MissedReportAccessTests(app);

[Collection(PostgresCollection.Name)]
public sealed class MissedReportAccessTests_Postgres(PostgresApp app) : MissedReportAccessTests(app);
