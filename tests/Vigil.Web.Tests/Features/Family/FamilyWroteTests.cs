using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Family;
using Vigil.Web.Features.Family;
using Vigil.Web.Features.Shared;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Family;

/// <summary>walk57 finding 11 (ADR 3283): the FLO's family page said "First contact with the family due …" and nothing
/// more after the sister had asked a question through the portal; the family was waiting on the FLO and the page read as
/// if nothing had happened yet. Beside the deadline it now says when the family wrote, until a contact is logged.</summary>
public abstract class FamilyWroteTests(VigilAppFactory app)
{
    [Fact]
    public async Task AFamilyThatWroteBeforeAnyContact_IsSaidToBeWaiting_BesideTheFirstContactDeadline_UntilAContactIsLogged()
    {
        var f = await FamilyKit.CaseAsync(app);
        using var flo = await app.SignedInClientAsync(f.Flo);
        Assert.Null(Forms.Parse(await flo.GetStringAsync($"/cases/{f.Case.Id}/family")).QuerySelector("li.family-wrote"));

        var (family, _) = await FamilyKit.FamilySessionAsync(app, f);
        using var _family = family;
        var asked = "Was the syringe tested? " + f.Marker;
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(family, "/family/ask", new() { ["Question"] = asked })).StatusCode);
        var at = await app.WithDbAsync(db => db.FamilyQuestions.Where(q => q.CaseId == f.Case.Id && q.Text == asked).Select(q => q.AskedAt).SingleAsync());
        var time = app.Services.GetRequiredService<ForceTime>();

        var page = Forms.Parse(await flo.GetStringAsync($"/cases/{f.Case.Id}/family"));
        var deadlines = page.QuerySelector("ul.flags")!;
        Assert.StartsWith("First contact with the family due", deadlines.QuerySelector("li")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal($"The family wrote through the portal on {time.Show(at)} and is waiting: no contact with them is logged yet",
            deadlines.QuerySelector("li.family-wrote")!.TextContent);
        // The question's words stay on the family page's register, not in the line every reader of the case sees.
        Assert.DoesNotContain(asked, deadlines.TextContent, StringComparison.Ordinal);

        Assert.True(await app.WithScopeAsync(async sp => await sp.GetRequiredService<LiaisonCommands>().LogContactAsync(
            new FamilyContact { CaseId = f.Case.Id, At = DateTime.UtcNow, Method = "phone", By = f.Flo.UserName, Summary = "rang the sister" }, null, default) is null));
        Assert.Null(Forms.Parse(await flo.GetStringAsync($"/cases/{f.Case.Id}/family")).QuerySelector("li.family-wrote"));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class FamilyWroteTests_Sqlite(SqliteApp app) : FamilyWroteTests(app);

[Collection(PostgresCollection.Name)]
public sealed class FamilyWroteTests_Postgres(PostgresApp app) : FamilyWroteTests(app);
