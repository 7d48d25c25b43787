using System.Net;
using Microsoft.EntityFrameworkCore;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Family;

/// <summary>sec61: the family file shown again by a form post (a refused change, an answer previewed) is a view of it, on
/// the audit trail as the page's GET is. Before, an officer could read the members' names, telephones and every register
/// by posting an empty form, and nothing said they had (ADR 3308).</summary>
public abstract class FamilyFileViewAuditTests(VigilAppFactory app)
{
    public static TheoryData<string, string> ShowingPosts => new()
    {
        { "Question", "text=" },
        { "Contact", "method=&summary=" },
        { "Answer", "questionId=00000000-0000-0000-0000-000000000061&answer=He+is+at+the+mortuary&preview=true" },
    };

    [Theory]
    [MemberData(nameof(ShowingPosts))]
    public async Task TheFamilyFile_ShownByAPost_IsAViewOnTheAuditTrail(string handler, string fields)
    {
        var f = await FamilyKit.CaseAsync(app);
        using var flo = await app.SignedInClientAsync(f.Flo);
        var page = $"/cases/{f.Case.Id}/family";
        var token = Forms.AntiforgeryToken(await flo.GetStringAsync(page))!;
        var viewsBefore = await ViewsAsync(f);

        var posted = fields.Split('&').Select(p => p.Split('=')).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1].Replace('+', ' ')));
        posted["__form"] = handler.ToLowerInvariant();
        posted["__RequestVerificationToken"] = token;
        var shown = await flo.PostAsync(page + "?handler=" + handler, new FormUrlEncodedContent(posted));

        Assert.True(shown.StatusCode is HttpStatusCode.OK or HttpStatusCode.UnprocessableEntity, $"{handler}: {shown.StatusCode}");
        Assert.Contains("Sarah " + f.Marker, await shown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(viewsBefore + 1, await ViewsAsync(f));
    }

    private Task<int> ViewsAsync(FamilyCase f) => app.WithDbAsync(db => db.AuditEntries.CountAsync(e =>
        e.CaseId == f.Case.Id && e.Action == "view" && e.EntityType == "FamilyFile" && e.Actor.Contains(f.Flo.Id)));
}

[Collection(SqliteCollection.Name)]
public sealed class FamilyFileViewAuditTests_Sqlite(SqliteApp app) : FamilyFileViewAuditTests(app);

[Collection(PostgresCollection.Name)]
public sealed class FamilyFileViewAuditTests_Postgres(PostgresApp app) : FamilyFileViewAuditTests(app);
