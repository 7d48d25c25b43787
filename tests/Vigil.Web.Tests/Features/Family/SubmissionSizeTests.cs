using System.Net;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Family;

/// <summary>walk61 finding 3: the FLO read the mother's one-line letter as "(text/plain, 0 KB)", an empty file, and the
/// mother read "(1 file(s))". A file's size is said so that nothing that holds bytes reads as nothing, and the count
/// of files in the noun's right number, on the family file, the portal and the action raised to assess them.</summary>
public abstract class SubmissionSizeTests(VigilAppFactory app)
{
    [Fact]
    public async Task AFamilysSmallFile_IsNotShownAsNothing_AndTheFilesAreCountedInWords()
    {
        var f = await FamilyKit.CaseAsync(app);
        var (family, _) = await FamilyKit.FamilySessionAsync(app, f);
        var letter = System.Text.Encoding.ASCII.GetBytes("Dear Mum, back on Sunday. Love, T. " + f.Marker); // under a kilobyte
        var scan = System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\n" + new string('%', 1500) + "\n%%EOF\n"); // just over one
        Assert.Equal(HttpStatusCode.Redirect, (await PortalFlowTests.SubmitAsync(family, "His letters " + f.Marker, ("letter.txt", letter), ("scan.pdf", scan))).StatusCode);

        using var flo = await app.SignedInClientAsync(f.Flo);
        var files = Forms.Parse(await flo.GetStringAsync($"/cases/{f.Case.Id}/family")).QuerySelectorAll("#submissions li").Select(li => li.TextContent).ToList();
        Assert.Contains($"letter.txt (text/plain, {letter.Length} bytes)", files);
        Assert.Contains("scan.pdf (application/pdf, 2 KB)", files);

        Assert.Contains($"His letters {f.Marker} (2 files)", await family.GetStringAsync("/family"), StringComparison.Ordinal);
        using var investigator = await app.SignedInClientAsync(f.Investigator);
        Assert.Contains("(2 files)", Forms.Parse(await investigator.GetStringAsync($"/cases/{f.Case.Id}")).QuerySelector("table.actions")!.TextContent, StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SubmissionSizeTests_Sqlite(SqliteApp app) : SubmissionSizeTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SubmissionSizeTests_Postgres(PostgresApp app) : SubmissionSizeTests(app);
