using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Web.Features.Family;
using Vigil.Web.Tests.Features.Family;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Oversight;

/// <summary>Reports are real PDFs made by the server: rendered to PNG with pdftoppm and read with pdftotext; every page
/// carries the reference, the time of production, the producer and its number; each generation is audited with the
/// document's SHA-256; the family's version holds only what was disclosed to them.</summary>
public abstract class ReportPdfTests(VigilAppFactory app)
{
    private static async Task<byte[]> PdfAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(bytes, 0, 5), StringComparison.Ordinal);
        return bytes;
    }

    [Fact]
    public async Task TheCaseFileAndTheAsKnownView_ArePdfsWithFootersOnEveryPage_AndEachGenerationIsAudited()
    {
        var f = await FamilyKit.CaseAsync(app);
        var first = await OversightKit.LastSequenceAsync(app);
        await OversightKit.EditAsync(app, f.Investigator, f.Case.Id, r => r with { Narrative = "A later account entirely." });
        using var ivy = await app.SignedInClientAsync(f.Investigator);
        var file = await PdfAsync(ivy, $"/cases/{f.Case.Id}/file.pdf");
        var text = await PdfTools.TextAsync(file);
        var pages = await PdfTools.PagesAsync(file);
        Assert.NotEmpty(pages);
        Assert.All(pages, p => Assert.True(new FileInfo(p).Length > 1000, $"{p} looks blank"));
        Assert.Contains(f.Case.Reference, text, StringComparison.Ordinal);
        Assert.Contains($"Page 1 of {pages.Length}", text, StringComparison.Ordinal);
        Assert.Contains($"by {f.Investigator.UserName}", text, StringComparison.Ordinal);
        Assert.Contains("A later account entirely.", text, StringComparison.Ordinal);
        var sha = Convert.ToHexStringLower(SHA256.HashData(file));
        var audited = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().AuditEntries
            .Where(e => e.CaseId == f.Case.Id && e.Action == "export" && e.EntityType == "Report").Select(e => e.Changes).ToListAsync());
        Assert.Contains(audited, d => d.Contains(sha, StringComparison.Ordinal));

        var then = await PdfTools.TextAsync(await PdfAsync(ivy, $"/cases/{f.Case.Id}/as-known/pdf?seq={first}"));
        Assert.Contains("AS KNOWN ON", then, StringComparison.Ordinal);
        Assert.DoesNotContain("A later account entirely.", then, StringComparison.Ordinal);
    }

    /// <summary>Round 54 left the PDFs writing a decision as "override-requested → unexpected-not-suspicious: …
    /// (investigator, investigator)" where the as-known page says it in words and by name (ADR 3252): the PDF now says it
    /// as the page does, and the people's roles in words.</summary>
    [Fact]
    public async Task TheCaseFileAndTheAsKnownPdf_SayADecisionAsThePageDoes_InWordsAndByName()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var name = await app.NameAsync(ivy, "DC Ivy Asks");
        var created = await app.CreateCaseAsync(ivy, Enquiries.EnquiryClient.PortLike());
        using (var api = app.ApiClient(ivy))
            Assert.Equal(HttpStatusCode.Accepted, (await Enquiries.EnquiryClient.ClassifyAsync(api, created.Id, "unexpected-not-suspicious", "Coroner's hearing tomorrow")).StatusCode);
        using var web = await app.SignedInClientAsync(ivy);
        var page = Forms.Parse(await web.GetStringAsync($"/cases/{created.Id}/as-known"));
        var said = Regex.Replace(Assert.Single(page.QuerySelectorAll("#decisions-h ~ ol.timeline li")).TextContent, @"\s+", " ");

        foreach (var url in new[] { $"/cases/{created.Id}/file.pdf", $"/cases/{created.Id}/as-known/pdf" })
        {
            // A line running over a page break has the page's footer inside it: the text read without the footers.
            var text = Regex.Replace(Regex.Replace(await PdfTools.TextAsync(await PdfAsync(web, url)), @"\s+", " "),
                @"VGL-\d{4}-\d{6} · [^·]+ Page \d+ of \d+ Produced .+? recorded in the audit trail ", "");
            Assert.Contains("Override requested → Unexpected death – investigated, not suspicious — ", text, StringComparison.Ordinal);
            Assert.Contains($"({name}, investigator)", text, StringComparison.Ordinal);
            var line = said[said.IndexOf("Override", StringComparison.Ordinal)..].Trim();
            Assert.True(text.Contains(line, StringComparison.Ordinal), $"the page's line «{line}» is not in the PDF:\n{text}");
            Assert.DoesNotContain("override-requested", text, StringComparison.Ordinal);
            Assert.DoesNotContain($"({ivy.UserName}, investigator)", text, StringComparison.Ordinal);
            Assert.DoesNotContain("last-seen-with", text, StringComparison.Ordinal);
            Assert.Contains($"{name} (", text[text.IndexOf("Who had looked at the case", StringComparison.Ordinal)..], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheMissedOpportunityReport_IsAPdf_LeadingWithWhatWasNeverActedOn()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var created = await app.CreateCaseAsync(ivy);
        await OversightKit.RaiseAsync(app, ivy, created.Id, "Find the caller", mandatory: true, due: DateTime.UtcNow.AddDays(-3));
        using var reviewer = await app.SignedInClientAsync(await app.CreateUserAsync(Roles.Reviewer));
        var text = await PdfTools.TextAsync(await PdfAsync(reviewer, $"/cases/{created.Id}/missed.pdf"));
        Assert.Contains("Signals never acted on", text, StringComparison.Ordinal);
        Assert.Contains("Find the caller", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("Find the caller", StringComparison.Ordinal) < text.IndexOf("Chronology", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheFamilyVersion_HoldsOnlyWhatWasDisclosedToThem()
    {
        var f = await FamilyKit.CaseAsync(app);
        await app.WithScopeAsync(async sp =>
        {
            var liaison = sp.GetRequiredService<LiaisonCommands>();
            await liaison.RecordDisclosureAsync(f.Case.Id, false, "Post-mortem result explained " + f.Marker, null, "DC Flo", default);
            await liaison.RecordDisclosureAsync(f.Case.Id, true, "Name of the man last seen " + f.Marker, "Not yet interviewed", "DC Flo", default);
            return true;
        });
        using var flo = await app.SignedInClientAsync(f.Flo);
        var staffCopy = await PdfTools.TextAsync(await PdfAsync(flo, $"/cases/{f.Case.Id}/family/report.pdf"));
        Assert.Contains("Post-mortem result explained", staffCopy, StringComparison.Ordinal);
        Assert.DoesNotContain("Name of the man last seen", staffCopy, StringComparison.Ordinal);
        Assert.DoesNotContain("Not yet interviewed", staffCopy, StringComparison.Ordinal);

        var (family, _) = await FamilyKit.FamilySessionAsync(app, f);
        var ownCopy = await PdfTools.TextAsync(await PdfAsync(family, "/family/report.pdf"));
        Assert.Contains("Post-mortem result explained", ownCopy, StringComparison.Ordinal);
        Assert.DoesNotContain("Name of the man last seen", ownCopy, StringComparison.Ordinal);
        Assert.DoesNotContain("Margaret Hale", ownCopy, StringComparison.Ordinal); // the case record's people are not theirs to read

        using var analyst = await app.SignedInClientAsync(await app.CreateUserAsync(Roles.Analyst));
        var denied = await analyst.GetAsync($"/cases/{f.Case.Id}/family/report.pdf");
        Assert.NotEqual(HttpStatusCode.OK, denied.StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ReportPdfTests_Sqlite(SqliteApp app) : ReportPdfTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ReportPdfTests_Postgres(PostgresApp app) : ReportPdfTests(app);
