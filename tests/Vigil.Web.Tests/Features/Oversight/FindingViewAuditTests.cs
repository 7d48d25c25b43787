using System.Net;
using Microsoft.EntityFrameworkCore;
using Vigil.Data.Identity;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Oversight;

/// <summary>sec61: the review register's finding given back by a post (a blank status or response, an unknown user to
/// share it with, a status set from a page overtaken since) showed the finding, its evidence and the force's responses
/// and recorded no read. Every render of the finding is now a view of it on the trail, as its GET is (ADR 3321).</summary>
public abstract class FindingViewAuditTests(VigilAppFactory app)
{
    public static TheoryData<string, string, HttpStatusCode> ShowingPosts => new()
    {
        { "Status", "Status=", HttpStatusCode.OK },
        { "Status", "Status=accepted&Version=-1", HttpStatusCode.Conflict },
        { "Grant", "UserName=nobody-by-this-name", HttpStatusCode.OK },
        { "Respond", "Text=", HttpStatusCode.OK },
    };

    [Theory]
    [MemberData(nameof(ShowingPosts))]
    public async Task TheFinding_ShownAgainByAPost_IsAViewOnTheAuditTrail(string handler, string fields, HttpStatusCode expected)
    {
        var reviewer = await app.CreateUserAsync(Roles.Reviewer);
        using var reviewerClient = await app.SignedInClientAsync(reviewer);
        var title = "Bottle never tested " + Guid.NewGuid().ToString("N")[..6];
        var subject = await app.CreateCaseAsync(await app.CreateUserAsync(Roles.Investigator));
        var url = await RaiseAsync(reviewerClient, subject.Reference, title);
        // The force's side answers: a supervisor the finding was shared with.
        var (reader, granted) = handler == "Respond" ? await GrantedSupervisorAsync(reviewerClient, url) : (reviewer, null);
        using var _ = granted;
        var client = granted ?? reviewerClient;
        var id = url[(url.LastIndexOf('/') + 1)..];
        var token = Forms.AntiforgeryToken(await client.GetStringAsync(url))!;
        var viewsBefore = await ViewsAsync(id, reader);

        var posted = fields.Split('&').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
        posted["__RequestVerificationToken"] = token;
        using var shown = await client.PostAsync($"{url}?handler={handler}", new FormUrlEncodedContent(posted));

        Assert.Equal(expected, shown.StatusCode);
        Assert.Contains(title, await shown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(viewsBefore + 1, await ViewsAsync(id, reader));
    }

    private static async Task<string> RaiseAsync(HttpClient reviewer, string subject, string title)
    {
        var raised = await Forms.PostAsync(reviewer, "/reviews/new", new()
        {
            ["Form.Subject"] = subject, ["Form.Title"] = title, ["Form.Severity"] = "high",
            ["Form.Detail"] = "The bottle found at the scene was not sent for testing.", ["Form.ResponseDue"] = "2027-01-31",
            ["Form.Evidence"] = "Exhibit EX-01 'NOT TESTED'",
        }, getUrl: "/reviews/new");
        Assert.Equal(HttpStatusCode.Redirect, raised.StatusCode);
        return raised.Headers.Location!.OriginalString;
    }

    private async Task<(TestUser, HttpClient?)> GrantedSupervisorAsync(HttpClient reviewer, string url)
    {
        var supervisor = await app.CreateUserAsync(Roles.Supervisor);
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(reviewer, $"{url}?handler=Grant", new() { ["UserName"] = supervisor.UserName }, url)).StatusCode);
        return (supervisor, await app.SignedInClientAsync(supervisor));
    }

    private Task<int> ViewsAsync(string findingId, TestUser reader) => app.WithDbAsync(db => db.AuditEntries.CountAsync(e =>
        e.Action == "view" && e.EntityType == "ReviewFinding" && e.EntityId == findingId && e.Actor.Contains(reader.Id)));
}

[Collection(SqliteCollection.Name)]
public sealed class FindingViewAuditTests_Sqlite(SqliteApp app) : FindingViewAuditTests(app);

[Collection(PostgresCollection.Name)]
public sealed class FindingViewAuditTests_Postgres(PostgresApp app) : FindingViewAuditTests(app);
