using System.Net;
using System.Text;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Identity;
using Vigil.Data.Interop;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Import;

/// <summary>The import page through the real pipeline: upload, map, preview with a bad row marked, save, import.</summary>
public abstract class ImportPageTests(VigilAppFactory app)
{
    private static string Csv(string run) =>
        "Incident No,Date Found,Lat,Long,Surname,Category\n"
        + $"{run}-1,02/03/2015 07:20,51.5079,-0.0877,Brook,NS\n"
        + $"{run}-2,31/02/2015 07:20,51.5079,-0.0877,Hale,NS\n"
        + $"{run}-3,03/03/2015 09:05,51.5101,-0.0901,Marsh,SUDD\n";

    private static Dictionary<string, string> Mapping(string run) => new()
    {
        ["Form.Source"] = "page-" + run,
        ["Form.TimeZone"] = "Europe/London",
        ["Form.Columns[0].Column"] = "Incident No", ["Form.Columns[0].Field"] = "ref",
        ["Form.Columns[1].Column"] = "Date Found", ["Form.Columns[1].Field"] = "found_at", ["Form.Columns[1].Formats"] = "dd/MM/yyyy HH:mm",
        ["Form.Columns[2].Column"] = "Lat", ["Form.Columns[2].Field"] = "location.lat",
        ["Form.Columns[3].Column"] = "Long", ["Form.Columns[3].Field"] = "location.lon",
        ["Form.Columns[4].Column"] = "Surname", ["Form.Columns[4].Field"] = "deceased.name",
        ["Form.Columns[5].Column"] = "Category", ["Form.Columns[5].Field"] = "classification", ["Form.Columns[5].Values"] = "NS = non-suspicious\nSUDD = unexplained",
    };

    private static async Task<string> UploadAsync(HttpClient client, string name, byte[] content)
    {
        var token = Forms.AntiforgeryToken(await client.GetStringAsync("/import"))!;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(content), "Spreadsheet", name },
        };
        var response = await client.PostAsync("/import", form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!.OriginalString;
    }

    [Fact]
    public async Task UploadMapPreviewSaveImport_MarksTheBadRow_AndImportsTheRest()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var supervisor = await app.CreateUserAsync(Roles.Supervisor);
        using var client = await app.SignedInClientAsync(supervisor);
        var page = await UploadAsync(client, "old system.csv", Encoding.UTF8.GetBytes(Csv(run)));

        var shown = Forms.Parse(await client.GetStringAsync(page));
        Assert.Equal(["Line", "Incident No", "Date Found", "Lat", "Long", "Surname", "Category"], shown.QuerySelectorAll("table.sample thead th").Select(th => th.TextContent));

        var preview = Forms.Parse(await (await Forms.PostAsync(client, page + "?handler=Preview", Mapping(run), page)).Content.ReadAsStringAsync());
        var rows = preview.QuerySelectorAll("table.preview tbody tr").ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal(["", "flag", ""], rows.Select(r => r.ClassName ?? ""));
        Assert.Contains("column 'Date Found'", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("Unexpected death – under investigation (as written: unexplained)", rows[2].TextContent, StringComparison.Ordinal);

        var save = Mapping(run);
        save["MappingName"] = "Old system " + run;
        var saved = await (await Forms.PostAsync(client, page + "?handler=Save", save, page)).Content.ReadAsStringAsync();
        Assert.Contains("saved", saved, StringComparison.Ordinal);
        await app.WithDbAsync(async db => Assert.True(await db.SavedMappings.AnyAsync(m => m.Name == "Old system " + run)));

        var import = Mapping(run);
        import["TeamId"] = supervisor.TeamId.ToString();
        import["Job"] = Guid.NewGuid().ToString();
        var result = Forms.Parse(await (await Forms.PostAsync(client, page + "?handler=Import", import, page)).Content.ReadAsStringAsync());
        Assert.Contains("3 rows: 2 cases created, 0 updated, 0 unchanged, 1 rejected", result.QuerySelector("#import-result")!.TextContent, StringComparison.Ordinal);
        Assert.StartsWith("Line 3:", result.QuerySelector("ul.rejections li")!.TextContent, StringComparison.Ordinal);
        await app.WithDbAsync(async db => Assert.Equal(2, await db.Cases.CountAsync(c => c.Source == "page-" + run && c.TeamId == supervisor.TeamId)));
        // The file is gone once imported: it held personal data.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(page)).StatusCode);
    }

    /// <summary>ADR 1622: the spreadsheet is kept in the store, so a node other than the one that received it (here a
    /// host on the same store with a data folder of its own) maps, previews, imports it and reports its progress; a
    /// file of several megabyte-pieces comes back byte for byte. Before, the second node answered 404.</summary>
    [Fact]
    public async Task AnUploadReceivedByOneNode_IsMappedAndImportedOnAnother()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var supervisor = await app.CreateUserAsync(Roles.Supervisor);
        using var nodeA = await app.SignedInClientAsync(supervisor);
        var page = await UploadAsync(nodeA, "old system.csv", Encoding.UTF8.GetBytes(Csv(run)));
        var big = Encoding.UTF8.GetBytes(Csv(run) + string.Concat(Enumerable.Range(0, 40_000).Select(i => $"# padding {i:D6} ........................................\n")));
        Assert.True(big.Length > 2 * Vigil.Data.Interop.ImportUploadChunk.Size, $"{big.Length} bytes");
        var bigPage = await UploadAsync(nodeA, "big.csv", big);

        var otherFolder = Directory.CreateTempSubdirectory("vigil-node-b-").FullName;
        var key = Path.Combine(otherFolder, "audit.key");
        File.Copy(app.AuditKeyFile, key);
        await using var b = app.WithWebHostBuilder(h => h.UseSetting("Vigil:AuditKeyFile", key));
        using var nodeB = b.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(nodeB, "/login", new() { ["Input.UserName"] = supervisor.UserName, ["Input.Password"] = VigilAppFactory.Password })).StatusCode);

        var bigId = Guid.Parse(bigPage.Split('/')[^1].Split('?')[0]);
        await using (var scope = b.Services.CreateAsyncScope())
        {
            var uploads = scope.ServiceProvider.GetRequiredService<Vigil.Web.Features.Import.Page.ImportUploads>();
            var upload = await uploads.FindAsync(bigId, supervisor.Id, default);
            await using var copy = await uploads.OpenAsync(upload!, default);
            using var bytes = new MemoryStream();
            await copy.CopyToAsync(bytes);
            Assert.Equal(big, bytes.ToArray());
        }

        Assert.Equal(HttpStatusCode.OK, (await nodeB.GetAsync(page)).StatusCode);
        var preview = Forms.Parse(await (await Forms.PostAsync(nodeB, page + "?handler=Preview", Mapping(run), page)).Content.ReadAsStringAsync());
        Assert.Equal(3, preview.QuerySelectorAll("table.preview tbody tr").Length);
        var import = Mapping(run);
        import["TeamId"] = supervisor.TeamId.ToString();
        var job = Guid.NewGuid();
        import["Job"] = job.ToString();
        var result = Forms.Parse(await (await Forms.PostAsync(nodeB, page + "?handler=Import", import, page)).Content.ReadAsStringAsync());
        Assert.Contains("3 rows: 2 cases created, 0 updated, 0 unchanged, 1 rejected", result.QuerySelector("#import-result")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await nodeA.GetAsync(page)).StatusCode); // gone from the store, for every node
        Assert.Contains("\"rows\":0", await nodeA.GetStringAsync(page + "?handler=Progress&job=" + job), StringComparison.Ordinal);
        Directory.Delete(otherFolder, recursive: true);
    }

    /// <summary>The progress a running import reports is read from the store by whichever node the page's poll reaches.</summary>
    [Fact]
    public async Task ImportProgress_ReportedOnOneNode_IsReadOnAnother_ByItsOwnerOnly()
    {
        var owner = await app.CreateUserAsync(Roles.Supervisor);
        var other = await app.CreateUserAsync(Roles.Supervisor);
        using var client = await app.SignedInClientAsync(owner);
        var page = await UploadAsync(client, "deaths.csv", Encoding.UTF8.GetBytes(Csv("p")));
        var id = Guid.Parse(page.Split('/')[^1].Split('?')[0]);
        var job = Guid.NewGuid();
        await app.WithScopeAsync(async sp =>
        {
            var uploads = sp.GetRequiredService<Vigil.Web.Features.Import.Page.ImportUploads>();
            await uploads.ReportAsync((await uploads.FindAsync(id, owner.Id, default))!, job, new(1200, 1100, 3, 40), default);
            return 0;
        });
        Assert.Equal("""{"rows":1200,"imported":1100,"rejected":3,"percent":40}""", await client.GetStringAsync(page + "?handler=Progress&job=" + job));
        using var otherClient = await app.SignedInClientAsync(other);
        Assert.Equal("""{"rows":0,"imported":0,"rejected":0,"percent":0}""", await otherClient.GetStringAsync(page + "?handler=Progress&job=" + job));
    }

    [Fact]
    public async Task SomeoneElsesUpload_IsNotFound_AndABinaryFileIsRefused()
    {
        var owner = await app.CreateUserAsync(Roles.Supervisor);
        var other = await app.CreateUserAsync(Roles.Supervisor);
        using var ownerClient = await app.SignedInClientAsync(owner);
        var page = await UploadAsync(ownerClient, "deaths.csv", Encoding.UTF8.GetBytes(Csv("x")));
        using var otherClient = await app.SignedInClientAsync(other);
        Assert.Equal(HttpStatusCode.NotFound, (await otherClient.GetAsync(page)).StatusCode);

        var token = Forms.AntiforgeryToken(await ownerClient.GetStringAsync("/import"))!;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2]), "Spreadsheet", "deaths.csv" },
        };
        var refused = await ownerClient.PostAsync("/import", form);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("neither a CSV file", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.Investigator)]
    [InlineData(Roles.Analyst)]
    [InlineData(Roles.FamilyLiaison)]
    [InlineData(Roles.Reviewer)]
    public async Task RolesThatMayNotImport_AreDeniedEveryImportPage(string role)
    {
        var owner = await app.CreateUserAsync(Roles.Supervisor);
        using var ownerClient = await app.SignedInClientAsync(owner);
        var page = await UploadAsync(ownerClient, "deaths.csv", Encoding.UTF8.GetBytes(Csv("z")));
        var user = await app.CreateUserAsync(role, owner.Team);
        using var client = await app.SignedInClientAsync(user);
        foreach (var path in new[] { "/import", page, page + "?handler=Progress&job=" + Guid.NewGuid() })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/denied", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AMappingWithoutRequiredFields_IsExplained_NotPreviewed()
    {
        var supervisor = await app.CreateUserAsync(Roles.Supervisor);
        using var client = await app.SignedInClientAsync(supervisor);
        var page = await UploadAsync(client, "deaths.csv", Encoding.UTF8.GetBytes(Csv("y")));
        var fields = Mapping("y");
        fields.Remove("Form.Columns[2].Field");
        var html = await (await Forms.PostAsync(client, page + "?handler=Preview", fields, page)).Content.ReadAsStringAsync();
        Assert.Contains("no column is mapped to location.lat", html, StringComparison.Ordinal);
        Assert.Empty(Forms.Parse(html).QuerySelectorAll("table.preview"));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ImportPageTests_Sqlite(SqliteApp app) : ImportPageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ImportPageTests_Postgres(PostgresApp app) : ImportPageTests(app);
