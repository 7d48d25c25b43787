using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Vigil.Data.Identity;
using Vigil.Web.Features.Cases;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Cases;

/// <summary>Every case has an officer in charge (ADR 1401): the creating investigator by default, named by a supervisor of
/// the case's team from the case's officers, audited, versioned; shown in the API, the case header and the case list.</summary>
public abstract class OfficerInChargeTests(VigilAppFactory app)
{
    internal static async Task<HttpResponseMessage> NameAsync(HttpClient client, Guid caseId, string? userId, int version)
    {
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/cases/{caseId}/officer-in-charge")
        { Content = JsonContent.Create(new OfficerInChargeRequest(userId), options: ApiJson.Client) };
        put.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
        return await client.SendAsync(put);
    }

    [Fact]
    public async Task ACaseCreatedByAnInvestigator_HasThemInCharge_ASupervisorsCaseHasNobody()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var sam = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var byIvy = await app.CreateCaseAsync(ivy);
        Assert.Equal(new OfficerRef(ivy.Id, ivy.UserName), byIvy.OfficerInCharge);
        var bySam = await app.CreateCaseAsync(sam);
        Assert.Null(bySam.OfficerInCharge);

        using var api = app.ApiClient(ivy);
        var json = await api.GetStringAsync($"/api/v1/cases/{byIvy.Id}");
        Assert.Contains($"\"officer_in_charge\":{{\"id\":\"{ivy.Id}\",\"display_name\":\"{ivy.UserName}\"}}", json, StringComparison.Ordinal);
        var listed = (await api.GetFromJsonAsync<CasePage>($"/api/v1/cases?q={byIvy.Reference}", ApiJson.Client))!;
        Assert.Equal(ivy.Id, Assert.Single(listed.Items).OfficerInCharge?.Id);
    }

    [Fact]
    public async Task ASupervisorOfTheTeam_NamesAnOfficerOfTheCase_AuditedOldAndNew_AndNoOneElseCan()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var ian = await app.CreateUserAsync(Roles.Investigator, ivy.Team);
        var sam = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var outsider = await app.CreateUserAsync(Roles.Investigator);
        var flo = await app.CreateUserAsync(Roles.FamilyLiaison, ivy.Team);
        var c = await app.CreateCaseAsync(ivy);
        using var supervisor = app.ApiClient(sam);

        var named = await NameAsync(supervisor, c.Id, ian.Id, c.Version);
        Assert.Equal(HttpStatusCode.OK, named.StatusCode);
        var after = (await named.Content.ReadFromJsonAsync<CaseResponse>(ApiJson.Client))!;
        Assert.Equal((ian.Id, c.Version + 1), (after.OfficerInCharge?.Id, after.Version));
        Assert.Equal($"\"{c.Version + 1}\"", named.Headers.ETag?.Tag);

        // Stale: made against the version before the change.
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await NameAsync(supervisor, c.Id, ivy.Id, c.Version)).StatusCode);
        // Never free text, nor someone outside the case's officers (another team, an FLO).
        foreach (var notAnOfficer in new[] { "DC Smith", outsider.Id, flo.Id })
            Assert.Equal(HttpStatusCode.BadRequest, (await NameAsync(supervisor, c.Id, notAnOfficer, after.Version)).StatusCode);
        // Only a supervisor of the team: an investigator (even the one in charge) is refused, another team's supervisor never sees it.
        using var investigator = app.ApiClient(ian);
        Assert.Equal(HttpStatusCode.Forbidden, (await NameAsync(investigator, c.Id, ian.Id, after.Version)).StatusCode);
        using var otherSupervisor = app.ApiClient(await app.CreateUserAsync(Roles.Supervisor));
        Assert.Equal(HttpStatusCode.NotFound, (await NameAsync(otherSupervisor, c.Id, ian.Id, after.Version)).StatusCode);
        using var noIfMatch = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/cases/{c.Id}/officer-in-charge") { Content = JsonContent.Create(new OfficerInChargeRequest(ivy.Id), options: ApiJson.Client) };
        Assert.Equal((HttpStatusCode)428, (await supervisor.SendAsync(noIfMatch)).StatusCode);

        var current = (await supervisor.GetFromJsonAsync<CaseResponse>($"/api/v1/cases/{c.Id}", ApiJson.Client))!;
        Assert.Equal((ian.Id, after.Version), (current.OfficerInCharge?.Id, current.Version));
        var audit = await supervisor.GetFromJsonAsync<List<AuditItem>>($"/api/v1/cases/{c.Id}/audit", ApiJson.Client);
        Assert.Contains(audit!, a => a.Action == "update" && a.EntityType == "DeathCase"
            && a.Details.Contains($"\"OfficerInChargeId\":[\"{ivy.Id}\",\"{ian.Id}\"]", StringComparison.Ordinal));

        // Nobody in charge is a choice too.
        var cleared = await NameAsync(supervisor, c.Id, null, after.Version);
        Assert.Null((await cleared.Content.ReadFromJsonAsync<CaseResponse>(ApiJson.Client))!.OfficerInCharge);
    }

    [Fact]
    public async Task TheCaseHeader_OffersTheSupervisorAPickerOfTheCasesOfficers_AndTheListShowsTheOfficer()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var ian = await app.CreateUserAsync(Roles.Investigator, ivy.Team);
        var sam = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var c = await app.CreateCaseAsync(ivy);
        using var web = await app.SignedInClientAsync(sam);
        var page = Forms.Parse(await web.GetStringAsync($"/cases/{c.Id}"));
        Assert.Equal(ivy.UserName, page.QuerySelector("#oic-name")!.TextContent);
        // The team's investigators and supervisors (real users, by id), and "nobody"; the current one chosen.
        var options = page.QuerySelectorAll("#oic-officer option").Select(o => o.GetAttribute("value") ?? "").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(new[] { "", ian.Id, ivy.Id, sam.Id }.Order(StringComparer.Ordinal), options);
        Assert.Equal(ivy.Id, page.QuerySelector("#oic-officer option[selected]")!.GetAttribute("value"));

        var saved = await Forms.PostAsync(web, $"/cases/{c.Id}/officer-in-charge",
            new() { ["__form"] = "officer-in-charge", ["OfficerInCharge"] = ian.Id, ["Version"] = c.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) }, $"/cases/{c.Id}");
        Assert.Equal($"/cases/{c.Id}#officer-in-charge", saved.Headers.Location!.OriginalString);
        page = Forms.Parse(await web.GetStringAsync($"/cases/{c.Id}"));
        Assert.Equal(ian.UserName, page.QuerySelector("#oic-name")!.TextContent);
        Assert.Contains($"{ian.UserName} is now the officer in charge.", page.QuerySelector("[data-flash='officer-in-charge']")!.TextContent, StringComparison.Ordinal);

        // A second save made against the old version is refused beside the picker, and changes nothing.
        var stale = await Forms.PostAsync(web, $"/cases/{c.Id}/officer-in-charge",
            new() { ["__form"] = "officer-in-charge", ["OfficerInCharge"] = sam.Id, ["Version"] = c.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) }, $"/cases/{c.Id}");
        Assert.Equal($"/cases/{c.Id}#officer-in-charge", stale.Headers.Location!.OriginalString);
        page = Forms.Parse(await web.GetStringAsync($"/cases/{c.Id}"));
        Assert.Contains("changed by someone else", page.QuerySelector("#officer-in-charge [data-error-summary]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("true", page.QuerySelector("#oic-officer")!.GetAttribute("aria-invalid"));
        Assert.Equal(ian.UserName, page.QuerySelector("#oic-name")!.TextContent);

        var list = Forms.Parse(await web.GetStringAsync($"/cases?q={c.Reference}"));
        Assert.Equal(ian.UserName, list.QuerySelector("table.cases tbody td[data-label='Officer in charge']")!.TextContent);

        // An investigator sees who is in charge but gets no picker.
        using var investigator = await app.SignedInClientAsync(ivy);
        Assert.Null(Forms.Parse(await investigator.GetStringAsync($"/cases/{c.Id}")).QuerySelector("#oic-officer"));
    }

    [Fact]
    public async Task ADisabledOfficerInCharge_IsShownAsSuch_AndThePickerDoesNotPretendNobodyIsNamed()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var sam = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var c = await app.CreateCaseAsync(ivy);
        using var web = await app.SignedInClientAsync(sam);
        Assert.Null(Forms.Parse(await web.GetStringAsync($"/cases/{c.Id}")).QuerySelector("#oic-disabled"));

        await app.WithDbAsync(async db =>
        {
            (await db.Users.SingleAsync(u => u.Id == ivy.Id)).Disabled = true;
            await db.SaveChangesAsync();
        });

        var page = Forms.Parse(await web.GetStringAsync($"/cases/{c.Id}"));
        Assert.Contains("account disabled", page.QuerySelector("#oic-disabled")!.TextContent, StringComparison.Ordinal);
        var selected = page.QuerySelector("#oic-officer option[selected]")!;
        Assert.Equal((ivy.Id, true), (selected.GetAttribute("value"), selected.HasAttribute("disabled")));
    }

    [Fact]
    public async Task AnImportedCase_HasNoOfficerInCharge()
    {
        var sam = await app.CreateUserAsync(Roles.Supervisor);
        using var api = app.ApiClient(sam);
        var record = Samples.Record() with { Source = "coroner-feed", Ref = "OIC-" + Guid.NewGuid().ToString("N")[..8] };
        var line = Vigil.Records.DeathRecordWriter.ToJson(record);
        var imported = await api.PostAsync($"/api/v1/imports?team={sam.TeamId}", new StringContent(line + "\n", System.Text.Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        await app.WithDbAsync(async db => Assert.Null((await db.Cases.SingleAsync(x => x.TeamId == sam.TeamId && x.SourceRef == record.Ref)).OfficerInChargeId));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class OfficerInChargeTests_Sqlite(SqliteApp app) : OfficerInChargeTests(app);

[Collection(PostgresCollection.Name)]
public sealed class OfficerInChargeTests_Postgres(PostgresApp app) : OfficerInChargeTests(app);
