using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Vigil.Data.Identity;
using Vigil.Web.Features.Enquiries.Exhibits;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Enquiries;

/// <summary>ADR 3182: the reviews, custody and submission answers were EF entities; they are now records of their own.
/// Each keeps every member it carried before, with the same values, and the reviews lose only the due-event sweep's
/// bookkeeping (<c>noticed_due_at</c>, ADR 1633), which a client never had a use for.</summary>
public abstract class EnquiryResponseShapeTests(VigilAppFactory app)
{
    [Fact]
    public async Task Reviews_CarryWhatTheyCarriedBefore_ButNotTheSweepsBookkeeping()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var c = await app.CreateCaseAsync(ivy);
        var noticed = await app.WithDbAsync(async db =>
        {
            var review = await db.CaseReviews.Where(r => r.CaseId == c.Id).OrderBy(r => r.DueAt).FirstAsync();
            review.NoticedDueAt = review.DueAt; // as the sweep leaves a review whose "review due" it raised
            await db.SaveChangesAsync();
            return review;
        });
        using var client = app.ApiClient(ivy);
        using var doc = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/cases/{c.Id}/reviews"));

        var reviews = doc.RootElement.EnumerateArray().ToList();
        Assert.NotEmpty(reviews);
        Assert.All(reviews, r => Assert.Equal(["case_id", "completed_at", "completed_by", "due_at", "id", "label", "outcome"], Members(r)));
        var first = reviews.Single(r => r.GetProperty("id").GetGuid() == noticed.Id);
        Assert.Equal((c.Id, noticed.Label, noticed.DueAt), (first.GetProperty("case_id").GetGuid(), first.GetProperty("label").GetString(), first.GetProperty("due_at").GetDateTime()));
        Assert.Equal(JsonValueKind.Null, first.GetProperty("completed_at").ValueKind);
    }

    [Fact]
    public async Task CustodyAndSubmission_CarryEveryMemberTheyCarriedBefore()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var c = await app.CreateCaseAsync(ivy);
        var exhibit = await app.WithDbAsync(db => db.Exhibits.Where(e => e.CaseId == c.Id).Select(e => e.Id).FirstAsync());
        using var client = app.ApiClient(ivy);
        var exhibitPath = $"/api/v1/cases/{c.Id}/exhibits/{exhibit}";
        (await client.PostAsJsonAsync($"{exhibitPath}/movements", new MovementRequest(null, "PC 123", "scene", "property store", "seized", "SEAL-0001"), ApiJson.Client))
            .EnsureSuccessStatusCode();
        var submitted = await client.PostAsJsonAsync($"{exhibitPath}/submissions", new SubmissionRequest("LGC Forensics", "GHB", null), ApiJson.Client);
        submitted.EnsureSuccessStatusCode();

        string[] submission = ["case_id", "examination", "exhibit_id", "id", "laboratory", "result", "result_at", "result_recorded_by", "submitted_at", "submitted_by"];
        using var created = JsonDocument.Parse(await submitted.Content.ReadAsStringAsync());
        Assert.Equal(submission, Members(created.RootElement));
        Assert.Equal(("LGC Forensics", ivy.UserName), (created.RootElement.GetProperty("laboratory").GetString(), created.RootElement.GetProperty("submitted_by").GetString()));

        using var custody = JsonDocument.Parse(await client.GetStringAsync($"{exhibitPath}/custody"));
        Assert.Equal(["movements", "reference", "submissions", "tested"], Members(custody.RootElement));
        var move = Assert.Single(custody.RootElement.GetProperty("movements").EnumerateArray());
        Assert.Equal(["case_id", "exhibit_id", "from", "id", "moved_at", "moved_by", "reason", "recorded_at", "recorded_by", "seal_number", "to"], Members(move));
        Assert.Equal(("SEAL-0001", exhibit), (move.GetProperty("seal_number").GetString(), move.GetProperty("exhibit_id").GetGuid()));
        var sent = Assert.Single(custody.RootElement.GetProperty("submissions").EnumerateArray());
        Assert.Equal(submission, Members(sent));
        Assert.Equal(created.RootElement.GetProperty("id").GetGuid(), sent.GetProperty("id").GetGuid());
    }

    private static string[] Members(JsonElement e) => [.. e.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];
}

[Collection(SqliteCollection.Name)]
public sealed class EnquiryResponseShapeTests_Sqlite(SqliteApp app) : EnquiryResponseShapeTests(app);

[Collection(PostgresCollection.Name)]
public sealed class EnquiryResponseShapeTests_Postgres(PostgresApp app) : EnquiryResponseShapeTests(app);
