using System.Net;
using System.Text;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Family;

/// <summary>sec61: a family's file is saved by the officer who downloads it under a name ending in the type its bytes were
/// found to be. Before, text sent as "statement.js" (or .hta, .bat, .html) was served as text/plain but saved as
/// "statement.js", which Windows runs with a double click on the officer's workstation (ADR 3310).</summary>
public abstract class UploadDownloadNameTests(VigilAppFactory app)
{
    public static TheoryData<string, string, string> Uploads => new()
    {
        { "statement.js", "text", "statement.js.txt" },
        { "timeline.html", "text", "timeline.html.txt" },
        { "notes.txt", "text", "notes.txt" },
        { "letter.exe", "pdf", "letter.exe.pdf" },
        { "scan.PDF", "pdf", "scan.PDF" },
    };

    [Theory]
    [MemberData(nameof(Uploads))]
    public async Task AFamilysFile_IsSavedUnderTheExtensionOfWhatItIs(string sent, string kind, string savedAs)
    {
        var f = await FamilyKit.CaseAsync(app);
        var (family, _) = await FamilyKit.FamilySessionAsync(app, f);
        var bytes = kind == "pdf" ? Encoding.ASCII.GetBytes("%PDF-1.4\n% a letter\n") : Encoding.UTF8.GetBytes("WScript.Echo('run " + f.Marker + "');\n");
        Assert.Equal(HttpStatusCode.Redirect, (await PortalFlowTests.SubmitAsync(family, "What we found " + f.Marker, (sent, bytes))).StatusCode);

        using var flo = await app.SignedInClientAsync(f.Flo);
        var link = Forms.Parse(await flo.GetStringAsync($"/cases/{f.Case.Id}/family")).QuerySelectorAll("a")
            .Single(a => a.TextContent == sent).GetAttribute("href")!;
        using var download = await flo.GetAsync(link);

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(savedAs, download.Content.Headers.ContentDisposition?.FileNameStar);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class UploadDownloadNameTests_Sqlite(SqliteApp app) : UploadDownloadNameTests(app);

[Collection(PostgresCollection.Name)]
public sealed class UploadDownloadNameTests_Postgres(PostgresApp app) : UploadDownloadNameTests(app);
