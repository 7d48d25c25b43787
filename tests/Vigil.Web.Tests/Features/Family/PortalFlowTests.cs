using Microsoft.AspNetCore.Mvc.Testing;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Family;
using Vigil.Web.Features.Cases;
using Vigil.Web.Features.Family;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Family;

/// <summary>Invitations, the disclosure filter and the family-submission → action flow, through the HTTP pipeline.</summary>
public abstract class PortalFlowTests(VigilAppFactory app)
{
    [Fact]
    public async Task Portal_ShowsWhatWasShared_AndNothingInternal()
    {
        var f = await FamilyKit.CaseAsync(app);
        await app.WithScopeAsync(async sp =>
        {
            var c = sp.GetRequiredService<LiaisonCommands>();
            await c.SaveFileAsync(f.Case.Id, DateTime.UtcNow.AddHours(-2), "Plain status " + f.Marker, DateTime.UtcNow.AddDays(10), false, "flo", default);
            await c.LogContactAsync(new FamilyContact { CaseId = f.Case.Id, At = DateTime.UtcNow.AddHours(-1), Method = "visit", By = "flo", Summary = "INTERNAL-SUMMARY " + f.Marker }, "SHARED-ITEM " + f.Marker, default);
            await c.RecordDisclosureAsync(f.Case.Id, true, "WITHHELD-ITEM " + f.Marker, "WITHHELD-REASON " + f.Marker, "flo", default);
            return true;
        });
        var (family, _) = await FamilyKit.FamilySessionAsync(app, f);
        var html = Forms.WithoutAntiforgeryTokens(await family.GetStringAsync("/family"));
        Assert.Contains("Plain status " + f.Marker, html, StringComparison.Ordinal);
        Assert.Contains("SHARED-ITEM " + f.Marker, html, StringComparison.Ordinal);
        Assert.Contains("DC Flo " + f.Marker, html, StringComparison.Ordinal);
        foreach (var secret in new[] { "INTERNAL-SUMMARY", "WITHHELD-ITEM", "WITHHELD-REASON", "Anthony " + f.Marker, f.Case.Reference, "GHB", "Margaret Hale" })
            Assert.DoesNotContain(secret, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invitation_IsSingleUse_AndExpiredOrRevokedOnesOpenNothing()
    {
        var f = await FamilyKit.CaseAsync(app);
        var token = await FamilyKit.InviteAsync(app, f);
        Assert.Equal(HttpStatusCode.Redirect, (await FamilyKit.AcceptAsync(FamilyKit.Browser(app), token, "first-" + f.Marker)).StatusCode);
        var reuse = await FamilyKit.AcceptAsync(FamilyKit.Browser(app), token, "second-" + f.Marker);
        Assert.Equal(HttpStatusCode.Conflict, reuse.StatusCode); // the form refused for the invitation's state (ADR 3272)
        Assert.Contains("cannot be used", await reuse.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var other = await FamilyKit.CaseAsync(app);
        var expired = await FamilyKit.InviteAsync(app, other);
        var revoked = await FamilyKit.InviteAsync(app, other);
        await app.WithDbAsync(async db =>
        {
            var e = await db.FamilyInvitations.SingleAsync(i => i.TokenHash == Vigil.Web.Features.Family.Portal.FamilyInvitations.Hash(expired));
            e.ExpiresAt = DateTime.UtcNow.AddMinutes(-1);
            var r = await db.FamilyInvitations.SingleAsync(i => i.TokenHash == Vigil.Web.Features.Family.Portal.FamilyInvitations.Hash(revoked));
            await db.SaveChangesAsync();
            await app.WithScopeAsync(async sp => { await sp.GetRequiredService<Vigil.Web.Features.Family.Portal.FamilyInvitations>().RevokeAsync(other.Case.Id, r.Id, default); return true; });
        });
        foreach (var t in new[] { expired, revoked, "not-a-token" })
        {
            using var client = FamilyKit.Browser(app);
            var page = await client.GetStringAsync($"/family/accept?token={t}");
            Assert.Contains("cannot be used", page, StringComparison.Ordinal);
            Assert.DoesNotContain("name=\"Password\"", page, StringComparison.Ordinal);
        }
        await app.WithDbAsync(async db =>
        {
            Assert.Equal(1, await db.FamilyAccounts.CountAsync(a => a.CaseId == f.Case.Id));
            Assert.Equal(0, await db.FamilyAccounts.CountAsync(a => a.CaseId == other.Case.Id));
            // Only the hash is stored, never the token itself.
            Assert.False(await db.FamilyInvitations.AnyAsync(i => i.TokenHash == token));
        });
    }

    [Fact]
    public async Task FamilyQuestionAndSubmission_ReachTheCase_AndTheAnswerReachesTheFamily()
    {
        var f = await FamilyKit.CaseAsync(app);
        var (family, _) = await FamilyKit.FamilySessionAsync(app, f);
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(family, "/family/ask", new() { ["Question"] = "Was the bottle tested " + f.Marker + "?" })).StatusCode);
        var submit = await SubmitAsync(family, "He was with a man called Joe " + f.Marker, ("note.txt", "Joe drove a white van"u8.ToArray()));
        Assert.Equal(HttpStatusCode.Redirect, submit.StatusCode);

        using var investigator = await app.SignedInClientAsync(f.Investigator);
        var casePage = await investigator.GetStringAsync($"/cases/{f.Case.Id}");
        Assert.Contains("Assess information from the family", casePage, StringComparison.Ordinal);
        Assert.Contains("He was with a man called Joe " + f.Marker, casePage, StringComparison.Ordinal);
        Assert.Contains("awaiting assessment", casePage, StringComparison.Ordinal);

        using var flo = await app.SignedInClientAsync(f.Flo);
        var file = await flo.GetStringAsync($"/cases/{f.Case.Id}/family");
        var questionId = Forms.Parse(file).QuerySelector("form input[name=questionId]")!.GetAttribute("value")!;
        var answered = await Forms.PostAsync(flo, $"/cases/{f.Case.Id}/family?handler=Answer", new() { ["questionId"] = questionId, ["answer"] = "Yes, it is at the lab " + f.Marker }, $"/cases/{f.Case.Id}/family");
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        var submissionId = Forms.Parse(await flo.GetStringAsync($"/cases/{f.Case.Id}/family")).QuerySelector("form input[name=submissionId]")!.GetAttribute("value")!;
        var refused = await Forms.PostAsync(flo, $"/cases/{f.Case.Id}/family?handler=Assess", new() { ["submissionId"] = submissionId, ["outcome"] = " " }, $"/cases/{f.Case.Id}/family");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode); // an assessment needs an outcome (ADR 0650: a refused post answers 422)

        var home = await family.GetStringAsync("/family");
        Assert.Contains("Yes, it is at the lab " + f.Marker, home, StringComparison.Ordinal);
        Assert.Contains("received, an officer will look at this", home, StringComparison.Ordinal);
        await app.WithDbAsync(async db =>
        {
            var s = await db.FamilySubmissions.Include(x => x.Files).SingleAsync(x => x.CaseId == f.Case.Id);
            Assert.Null(s.AssessedAt);
            Assert.Equal("text/plain", Assert.Single(s.Files).ContentType);
        });
    }

    [Fact]
    public async Task ChangesTheFamilyMustHear_RaiseTellTheFamilyTasks()
    {
        var f = await FamilyKit.CaseAsync(app);
        using (var api = app.ApiClient(f.Investigator))
        {
            // A change of category is a recorded decision (enquiries); the family module hears of it through CaseEvents.
            var decision = new Vigil.Web.Features.Enquiries.Decisions.ClassifyRequest("homicide", "Third-party involvement established", null, null);
            (await Enquiries.EnquiryClient.PostSeenAsync(api, $"/api/v1/cases/{f.Case.Id}/classification", decision)).EnsureSuccessStatusCode();
        }
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<Vigil.Data.VigilDbContext>();
            var events = sp.GetRequiredService<CaseEvents>();
            // A kind no listener knows raises nothing; the same change published twice is one task.
            foreach (var kind in new[] { CaseEventKinds.LinkedSeries, "officer-changed", CaseEventKinds.LinkedSeries })
                await events.PublishAsync(db, new CaseEvent(f.Case.Id, kind, "detail", "test"), default);
            await db.SaveChangesAsync();
            return true;
        });
        await app.WithDbAsync(async db =>
        {
            var kinds = await db.FamilyTasks.Where(t => t.CaseId == f.Case.Id).Select(t => t.Kind).ToListAsync();
            Assert.Equal([CaseEventKinds.ClassificationChanged, CaseEventKinds.LinkedSeries], kinds.Order(StringComparer.Ordinal));
        });
    }

    /// <summary>ADR 1621: a family's upload is kept in the store with its row, so a web node whose disk never saw it
    /// (another node behind the proxy; here a host on the same store with its own upload folder) serves it byte for
    /// byte. Before, the file was written to the receiving node's folder and the other node failed with a 500.</summary>
    [Fact]
    public async Task AFamilyUpload_SentThroughOneNode_IsDownloadedFromAnother_ByteForByte()
    {
        var f = await FamilyKit.CaseAsync(app);
        var (family, _) = await FamilyKit.FamilySessionAsync(app, f);
        var letter = System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\n% the letter " + f.Marker + "\n%%EOF\n");
        Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(family, "His last letter " + f.Marker, ("letter.pdf", letter))).StatusCode);

        var otherDisk = Directory.CreateTempSubdirectory("vigil-other-node-").FullName;
        await using var otherNode = app.WithWebHostBuilder(b => b.UseSetting("Vigil:Family:UploadFolder", otherDisk));
        using var flo = otherNode.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(flo, "/login", new() { ["Input.UserName"] = f.Flo.UserName, ["Input.Password"] = VigilAppFactory.Password })).StatusCode);
        var link = Forms.Parse(await flo.GetStringAsync($"/cases/{f.Case.Id}/family")).QuerySelectorAll("a")
            .Single(a => a.TextContent == "letter.pdf").GetAttribute("href")!;
        using var download = await flo.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(letter, await download.Content.ReadAsByteArrayAsync());
        Assert.Empty(Directory.EnumerateFileSystemEntries(otherDisk));
        Directory.Delete(otherDisk);
    }

    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string message, params (string Name, byte[] Bytes)[] files)
    {
        var token = Forms.AntiforgeryToken(await client.GetStringAsync("/family/submit"))!;
        using var form = new MultipartFormDataContent { { new StringContent(message), "Message" }, { new StringContent(token), "__RequestVerificationToken" } };
        foreach (var (name, bytes) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/pdf"); // the browser's claim is ignored
            form.Add(part, "Files", name);
        }
        return await client.PostAsync("/family/submit", form);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PortalFlowTests_Sqlite(SqliteApp app) : PortalFlowTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PortalFlowTests_Postgres(PostgresApp app) : PortalFlowTests(app);
