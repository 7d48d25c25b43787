using Vigil.Data.Identity;
using Vigil.Web.Features.Enquiries.Decisions;
using Vigil.Web.Tests.Infrastructure;
using static Vigil.Web.Tests.Features.Enquiries.EnquiryClient;

namespace Vigil.Web.Tests.Features.Enquiries;

/// <summary>walk55 finding 8 (ADR 3263): the decision log repeated the gate's whole refusal on the request and again on
/// its signature, "and" twice in it; the decision applied under the signature read as the asker's own, and a supervisor
/// who asked was logged "(investigator)".</summary>
public abstract class DecisionLogWordsTests(VigilAppFactory app)
{
    [Fact]
    public async Task TheLog_SaysTheGateOnce_TheSignatureNamesTheRequest_AndTheAppliedDecisionNamesItsSignature()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var sue = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var sam = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var (sueName, samName) = (await app.NameAsync(sue, "DS Sue Asks"), await app.NameAsync(sam, "DS Sam Signs"));
        var c = await app.CreateCaseAsync(ivy, PortLike());
        using (var asker = app.ApiClient(sue))
        using (var signer = app.ApiClient(sam))
        {
            var signed = await ClassifySignedAsync(asker, signer, c.Id,
                new ClassifyRequest("unexpected-not-suspicious", "Overdose on the evidence so far", null, "The family ask for the body"));
            Assert.True(signed.IsSuccessStatusCode, $"{signed.StatusCode}");
        }

        using var web = await app.SignedInClientAsync(sam);
        var rows = Forms.Parse(await web.GetStringAsync($"/cases/{c.Id}")).QuerySelectorAll("table.decisions tbody tr")
            .Select(r => r.Children.Select(td => td.TextContent.Trim()).ToList()).ToList();
        Assert.Equal(3, rows.Count);
        var gate = rows[0][2];
        Assert.Contains("(gate: Refused because ", gate, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(gate, "; and "));
        Assert.EndsWith("; and the toxicology result is not recorded.)", gate, StringComparison.Ordinal);
        Assert.EndsWith("(signs D1)", rows[1][2], StringComparison.Ordinal);
        Assert.DoesNotContain("gate:", rows[1][2], StringComparison.Ordinal);
        Assert.EndsWith($"(asked for in D1; applied when {samName} signed D2)", rows[2][2], StringComparison.Ordinal);
        Assert.Equal($"{samName} (supervisor)", rows[1][4]);
        Assert.Equal($"{sueName} (supervisor)", rows[2][4]);
    }

    /// <summary>walk57: the case page's "Still outstanding" line joined the same list with "; " alone, where the log's
    /// refusal ends "; and …" (ADR 3263): one list, said one way.</summary>
    [Fact]
    public async Task TheCasePagesOutstandingLine_ListsTheGateAsTheLogDoes()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        using var web = await app.SignedInClientAsync(ivy);
        var gate = Forms.Parse(await web.GetStringAsync($"/cases/{c.Id}")).QuerySelector("#gate")!.TextContent.Trim();
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(gate, "; and "));
        Assert.EndsWith("; and the toxicology result is not recorded.", gate, StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DecisionLogWordsTests_Sqlite(SqliteApp app) : DecisionLogWordsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class DecisionLogWordsTests_Postgres(PostgresApp app) : DecisionLogWordsTests(app);
