using Vigil.Data.Identity;
using Vigil.Web.Tests.Infrastructure;
using static Vigil.Web.Tests.Features.Enquiries.EnquiryClient;

namespace Vigil.Web.Tests.Features.Enquiries;

/// <summary>walk61 finding 4 (ADR 3313): with every result submitted, the investigator read "4 mandatory actions still
/// open" and nothing saying the supervisor's review, then closing, was what the decision now waited for.</summary>
public abstract class GateWaitingTests(VigilAppFactory app)
{
    [Fact]
    public async Task TheGate_SaysWhichOpenMandatoryActionsWaitOnASupervisor()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var sam = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        using var api = app.ApiClient(ivy);
        using var supervisor = app.ApiClient(sam);
        var mandatory = (await ActionsAsync(api, c.Id)).Where(a => a.Mandatory).ToList();
        var (submitted, reviewed, untouched) = (mandatory[0], mandatory[1], mandatory[2]);
        foreach (var a in new[] { submitted, reviewed })
        {
            (await MoveAsync(api, c.Id, a.Number, "allocate", ivy.UserName)).EnsureSuccessStatusCode();
            (await MoveAsync(api, c.Id, a.Number, "submit-result", text: "Done: statement taken.")).EnsureSuccessStatusCode();
        }
        (await MoveAsync(supervisor, c.Id, reviewed.Number, "review", text: "Read; enough.")).EnsureSuccessStatusCode();

        using var web = await app.SignedInClientAsync(ivy);
        var gate = Forms.Parse(await web.GetStringAsync($"/cases/{c.Id}")).QuerySelector("#decisions")!.TextContent;
        Assert.Contains($"A{submitted.Number} {submitted.Title} (result submitted, awaiting a supervisor's review);", gate, StringComparison.Ordinal);
        Assert.Contains($"A{reviewed.Number} {reviewed.Title} (reviewed, not yet closed);", gate, StringComparison.Ordinal);
        Assert.Contains($"A{untouched.Number} {untouched.Title};", gate, StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class GateWaitingTests_Sqlite(SqliteApp app) : GateWaitingTests(app);

[Collection(PostgresCollection.Name)]
public sealed class GateWaitingTests_Postgres(PostgresApp app) : GateWaitingTests(app);
