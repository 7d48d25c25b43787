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
        var (app, pause, c, request) = await OverrideAskedAsync();
        await using var _ = app;
        using var decliner = app.ApiClient(c.Sam);
        using var signer = app.ApiClient(c.Sue);
        var (declinerSaw, signerSaw) = (await ETagAsync(decliner, c.Id), await ETagAsync(signer, c.Id));

        var (won, lost) = await pause.RaceAsync(late: () => PostAsync(decliner, $"/api/v1/cases/{c.Id}/decisions/{request.Id}/decline", new DeclineRequest("Wait for toxicology."), declinerSaw),
            first: () => PostAsync(signer, $"/api/v1/cases/{c.Id}/decisions/{request.Id}/sign", new SignRequest("Agreed on the file."), signerSaw));
        Assert.Equal(HttpStatusCode.OK, won.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, lost.StatusCode);
        Assert.Equal(Overtaken, await ProblemTitleAsync(lost));
        Assert.Equal([DecisionKinds.OverrideRequested, DecisionKinds.OverrideSigned, DecisionKinds.Classification], await c.LogAsync(app));
        // The audit trail: one entry per recorded decision, none for the decline the database refused.
        Assert.Equal(3, await DecisionAuditEntriesAsync(app, c.Id));
        Assert.Equal(0, await DecisionAuditEntriesAsync(app, c.Id, DecisionKinds.OverrideDeclined));
    }

    /// <summary>Before: the supervisor whose signature on the case page lost to another's decline was told why at the top of
    /// the section, but the override's form was gone (the override answered), and with it the reason she had typed (round
    /// 57's leftover). The reason now comes back with the message, as every carried form's text does (ADR 3278).</summary>
    [Fact]
    public async Task AnOverride_SignedOnThePageWhileAnotherDeclinesIt_ComesBackWithWhyAndTheReasonTyped()
    {
        var (app, pause, c, request) = await OverrideAskedAsync();
        await using var _ = app;
        using var decliner = app.ApiClient(c.Sam);
        using var signer = await app.SignedInClientAsync(c.Sue);
        var held = Forms.HiddenFields(Forms.Parse(await signer.GetStringAsync($"/cases/{c.Id}")).QuerySelector($"#override-{request.Id} form")
            ?? throw new InvalidOperationException("no override form"));
        var declinerSaw = await ETagAsync(decliner, c.Id);
        const string Typed = "Agreed: the scene and the history both fit an accident.";

        var (won, lost) = await pause.RaceAsync(
            late: () => signer.PostAsync($"/cases/{c.Id}/enquiry?handler=Sign", new FormUrlEncodedContent(new Dictionary<string, string>(held) { ["Text"] = Typed })),
            first: () => PostAsync(decliner, $"/api/v1/cases/{c.Id}/decisions/{request.Id}/decline", new DeclineRequest("Wait for toxicology."), declinerSaw));
        Assert.Equal(HttpStatusCode.OK, won.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, lost.StatusCode); // the case page's forms return refused, carried (ADR 0659)
        var section = Forms.Parse(await signer.GetStringAsync($"/cases/{c.Id}")).QuerySelector("#decisions")!;
        Assert.Contains(Overtaken, section.QuerySelector("[data-error-summary]")?.TextContent ?? "", StringComparison.Ordinal);
        Assert.Null(section.QuerySelector($"#override-{request.Id}"));
        Assert.Contains(Typed, section.QuerySelector("[data-not-recorded]")?.TextContent ?? "", StringComparison.Ordinal);
        Assert.Equal([DecisionKinds.OverrideRequested, DecisionKinds.OverrideDeclined], await c.LogAsync(app));
        Assert.Equal(0, await DecisionAuditEntriesAsync(app, c.Id, DecisionKinds.OverrideSigned));
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

    /// <summary>An app whose "already answered" check (the only statement that asks for a decision signing the request) the
    /// pause holds; Ivy's case, her override request awaiting a signature, and Sam and Sue, supervisors of her team who may
    /// sign it.</summary>
    private async Task<(VigilAppFactory App, CommandPause Pause, OverrideCase Case, DecisionDto Request)> OverrideAskedAsync()
    {
        var (app, pause) = await StartAsync("\"SignsDecisionId\" = ");
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        using var investigator = app.ApiClient(ivy);
        Assert.Equal(HttpStatusCode.Accepted, (await ClassifyAsync(investigator, c.Id, "unexpected-not-suspicious", "Coroner's hearing tomorrow")).StatusCode);
        var asked = new OverrideCase(c.Id, ivy, await app.CreateUserAsync(Roles.Supervisor, ivy.Team), await app.CreateUserAsync(Roles.Supervisor, ivy.Team));
        return (app, pause, asked, (await DecisionsAsync(investigator, c.Id)).Single(d => d.Kind == DecisionKinds.OverrideRequested));
    }

    private sealed record OverrideCase(Guid Id, TestUser Ivy, TestUser Sam, TestUser Sue)
    {
        /// <summary>The kinds of the case's decision log, in order, as the investigator reads it.</summary>
        public async Task<List<string>> LogAsync(VigilAppFactory app)
        {
            using var investigator = app.ApiClient(Ivy);
            return [.. (await DecisionsAsync(investigator, Id)).OrderBy(d => d.Sequence).Select(d => d.Kind)];
        }
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
