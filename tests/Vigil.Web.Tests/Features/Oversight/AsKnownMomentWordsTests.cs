using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Vigil.Data.Identity;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Oversight;

/// <summary>walk61 finding 11 (ADR 3330): "Compare from entry" listed entries as "#67074 07 Dec 2026 10:42 GMT" with
/// nothing saying what each did. Each entry is named by what it did and who did it, from the audit trail alone.</summary>
public abstract class AsKnownMomentWordsTests(VigilAppFactory app)
{
    [Fact]
    public async Task EachEntryToCompare_SaysWhatItDid_AndWho_FromTheTrailNotTheStoredRows()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var name = await app.NameAsync(ivy, "DC Ivy Moments");
        var c = await app.CreateCaseAsync(ivy);
        await OversightKit.RaiseAsync(app, ivy, c.Id, "Trace the caller", mandatory: true);
        int n;
        using (var api = app.ApiClient(ivy))
            n = (await Enquiries.EnquiryClient.ActionsAsync(api, c.Id)).Single(a => a.Title == "Trace the caller").Number;
        await OversightKit.MoveAsync(app, ivy, c.Id, n, "allocate", ivy.UserName);
        await OversightKit.MoveAsync(app, ivy, c.Id, n, "submit-result", text: "Caller traced: a neighbour.");
        // The stored action renumbered behind the trail's back (no audit entry): the entries are said as the trail has them.
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE case_actions SET \"Number\" = 97 WHERE \"CaseId\" = {0} AND \"Title\" = {1}", c.Id, "Trace the caller"));

        using var web = await app.SignedInClientAsync(ivy);
        var page = Forms.Parse(await web.GetStringAsync($"/cases/{c.Id}/as-known"));
        var from = page.QuerySelectorAll("#from option").Select(o => o.TextContent).ToList();
        // "Action A7 allocated — by API token 'test' of DC Ivy Moments (investigator-…) (#15, 07 Dec 2026 13:35 GMT)".
        bool Says(string option, string what) =>
            Regex.IsMatch(option, $@"^{Regex.Escape(what)} — by .*{Regex.Escape(name)}.* \(#\d+, \d\d \w+ \d{{4}} \d\d:\d\d \w+\)$");
        Assert.True(Says(from[0], "The death recorded"), string.Join("\n", from));
        foreach (var what in new[] { $"Action A{n} raised", $"Action A{n} allocated", $"Action A{n} result submitted" })
            Assert.True(from.Any(o => Says(o, what)), $"no entry says «{what}»:\n{string.Join("\n", from)}");
        Assert.DoesNotContain(from, o => o.Contains("A97", StringComparison.Ordinal));
        Assert.Equal(from, page.QuerySelectorAll("#to option").Select(o => o.TextContent).ToList());
        Assert.Contains(page.QuerySelectorAll("ol.moment-list li"), li => li.TextContent.Contains($"Action A{n} result submitted", StringComparison.Ordinal));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AsKnownMomentWordsTests_Sqlite(SqliteApp app) : AsKnownMomentWordsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AsKnownMomentWordsTests_Postgres(PostgresApp app) : AsKnownMomentWordsTests(app);
