using Vigil.Web.Hosting;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Enquiries;
using Vigil.Data.Identity;
using Vigil.Web.Features.Enquiries.Decisions;
using Vigil.Web.Tests.Infrastructure;
using static Vigil.Web.Tests.Features.Enquiries.EnquiryClient;

namespace Vigil.Web.Tests.Features.Enquiries;

/// <summary>ADR 3246: two decisions on one case in the same milliseconds. A closure, a reopening, an override request
/// and a decline wrote no case row, so each request's checks (closed or not, the request not yet answered, the page's
/// version, the If-Match) were judged on a reading nothing held: both were recorded. Each test holds the second officer's
/// request just after its last check has read the decision log (a <see cref="CommandPause"/>, no timing), lets the
/// first officer's decision through, then lets the second go on: only the database, at the save, can still tell.</summary>
public abstract class DecisionRaceTests
{
    protected abstract VigilAppFactory NewApp(Action<IServiceCollection> services);

    /// <summary>What the case page says of a decision from an overtaken page (ADR 3015), and now the API of a lost race.</summary>
    private const string Overtaken = "The case has changed since you opened it.";

    private async Task<(VigilAppFactory App, CommandPause Pause)> StartAsync(string sqlMarker)
    {
        var pause = new CommandPause(sql => sql.Contains(sqlMarker, StringComparison.Ordinal)
            && sql.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase), armed: false);
        var app = NewApp(s => s.AddSingleton<IInterceptor>(pause));
        await app.InitializeAsync();
        return (app, pause);
    }

    /// <summary>Before: the supervisor who declined had read "not yet answered" before the other's signature landed, and
    /// the log held the override both signed (and applied) and declined.</summary>
    [Fact]
    public async Task AnOverrideRequest_SignedAndDeclinedAtOnce_IsAnsweredOnce()
    {
        // The "already answered" check: the only statement that asks for a decision signing the request.
        var (app, pause) = await StartAsync("\"SignsDecisionId\" = ");
        await using var _ = app;
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var sam = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var sue = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        using var investigator = app.ApiClient(ivy);
        Assert.Equal(HttpStatusCode.Accepted, (await ClassifyAsync(investigator, c.Id, "unexpected-not-suspicious", "Coroner's hearing tomorrow")).StatusCode);
        var request = (await DecisionsAsync(investigator, c.Id)).Single(d => d.Kind == DecisionKinds.OverrideRequested);
        using var decliner = app.ApiClient(sam);
        using var signer = app.ApiClient(sue);
        var (declinerSaw, signerSaw) = (await ETagAsync(decliner, c.Id), await ETagAsync(signer, c.Id));

        var (won, lost) = await pause.RaceAsync(late: () => PostAsync(decliner, $"/api/v1/cases/{c.Id}/decisions/{request.Id}/decline", new DeclineRequest("Wait for toxicology."), declinerSaw),
            first: () => PostAsync(signer, $"/api/v1/cases/{c.Id}/decisions/{request.Id}/sign", new SignRequest("Agreed on the file."), signerSaw));
        Assert.Equal(HttpStatusCode.OK, won.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, lost.StatusCode);
        Assert.Equal(Overtaken, await ProblemTitleAsync(lost));
        Assert.Equal([DecisionKinds.OverrideRequested, DecisionKinds.OverrideSigned, DecisionKinds.Classification],
            (await DecisionsAsync(investigator, c.Id)).OrderBy(d => d.Sequence).Select(d => d.Kind));
        // The audit trail: one entry per recorded decision, none for the decline the database refused.
        Assert.Equal(3, await DecisionAuditEntriesAsync(app, c.Id));
        Assert.Equal(0, await DecisionAuditEntriesAsync(app, c.Id, DecisionKinds.OverrideDeclined));
    }

    /// <summary>Before: both officers' pages had read "closed", and the log held the case reopened twice.</summary>
    [Fact]
    public async Task AClosedCase_ReopenedFromTwoPagesAtOnce_IsReopenedOnce_TheSecondFormRefusedAsStale()
    {
        // The closed check: the only statement that asks for the case's closures and reopenings.
        var (app, pause) = await StartAsync("'" + DecisionKinds.Reopened + "'");
        await using var _ = app;
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var sam = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var sue = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        using (var asker = app.ApiClient(ivy))
        using (var second = app.ApiClient(sam))
            Assert.Equal(HttpStatusCode.OK, (await ClassifySignedAsync(asker, second, c.Id,
                new ClassifyRequest(ClassificationCommands.Close, "Concluded with the coroner", null, "Inquest concluded"))).StatusCode);
        using var first = await app.SignedInClientAsync(ivy);
        using var other = await app.SignedInClientAsync(sue);
        var (firstForm, otherForm) = (await DecisionFormAsync(first, c.Id), await DecisionFormAsync(other, c.Id));

        var (won, lost) = await pause.RaceAsync(late: () => ReopenAsync(other, c.Id, otherForm, "New witness came forward."),
            first: () => ReopenAsync(first, c.Id, firstForm, "Toxicology came back positive."));
        Assert.Equal(HttpStatusCode.Redirect, won.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, lost.StatusCode); // the case page's forms return refused, carried (ADR 0650)
        var page = Forms.Parse(await other.GetStringAsync($"/cases/{c.Id}"));
        Assert.Contains(Overtaken,
            page.QuerySelector("#decisions form[action$='handler=Classify'] .error-summary")?.TextContent ?? "", StringComparison.Ordinal);
        // What was typed comes back with it (ADR 3273: a decision form holds only the officer's own proposal, no stored value
        // it could write back over another's); the choice "Reopen the case" is no longer offered, so none is chosen for them.
        Assert.Equal("New witness came forward.", page.QuerySelector("#decision-rationale")?.TextContent);
        Assert.Null(page.QuerySelector("#decision-to option[selected]"));
        using var api = app.ApiClient(ivy);
        var reopened = Assert.Single(await DecisionsAsync(api, c.Id), d => d.Kind == DecisionKinds.Reopened);
        Assert.Equal("Toxicology came back positive.", reopened.Rationale);
        Assert.Equal(1, await DecisionAuditEntriesAsync(app, c.Id, DecisionKinds.Reopened));
    }

    private static async Task<string> ETagAsync(HttpClient client, Guid caseId)
    {
        using var read = await client.GetAsync($"/api/v1/cases/{caseId}");
        return read.Headers.ETag!.ToString();
    }

    private static async Task<HttpResponseMessage> PostAsync<T>(HttpClient client, string path, T body, string ifMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: ApiJson.Client) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await client.SendAsync(request);
    }

    /// <summary>The "Record a decision" form's hidden fields (its key, the case's version, the antiforgery token) as the
    /// page gave them to this officer.</summary>
    private static async Task<Dictionary<string, string>> DecisionFormAsync(HttpClient client, Guid caseId)
    {
        var form = Forms.Parse(await client.GetStringAsync($"/cases/{caseId}")).QuerySelector("#decisions form[action$='handler=Classify']")
            ?? throw new InvalidOperationException("no decision form");
        return Forms.HiddenFields(form);
    }

    private static Task<HttpResponseMessage> ReopenAsync(HttpClient client, Guid caseId, Dictionary<string, string> hidden, string rationale) =>
        client.PostAsync($"/cases/{caseId}/enquiry?handler=Classify", new FormUrlEncodedContent(new Dictionary<string, string>(hidden)
        {
            ["To"] = ClassificationCommands.Reopen, ["Rationale"] = rationale,
        }));

    /// <summary>The case's audit entries of new decision rows (of one kind: its value in the entry's changes); not the
    /// entries of the log's reads ("export").</summary>
    private static Task<int> DecisionAuditEntriesAsync(VigilAppFactory app, Guid caseId, string? kind = null)
    {
        var quoted = kind is null ? "" : $"\"{kind}\"";
        return app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.CaseId == caseId && a.EntityType == "CaseDecision" && a.Action == "create" && a.Changes.Contains(quoted)));
    }
}

public sealed class DecisionRaceTests_Sqlite : DecisionRaceTests
{
    protected override VigilAppFactory NewApp(Action<IServiceCollection> services) => new SqliteApp { ServiceChanges = services };
}

public sealed class DecisionRaceTests_Postgres : DecisionRaceTests
{
    protected override VigilAppFactory NewApp(Action<IServiceCollection> services) => new PostgresApp { ServiceChanges = services };
}
