using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Identity;
using Vigil.Data.Interop;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Import;

/// <summary>A saved mapping is its team's (ADR 2905): an importer of another team who saves one of the same name keeps a
/// mapping of their own and neither replaces nor sees, starts from or downloads the first. A mapping saved before
/// mappings had a team stays for every importer to start from, and no one replaces it.</summary>
public abstract class SavedMappingScopeTests(VigilAppFactory app)
{
    [Fact]
    public async Task AnotherTeamsMappingOfTheSameName_IsNeitherReplacedNorShown()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var name = "CAD export " + run;
        var ours = await app.CreateUserAsync(Roles.Supervisor);
        var theirs = await app.CreateUserAsync(Roles.Supervisor);
        using var ourWeb = await app.SignedInClientAsync(ours);
        await SaveAsync(ourWeb, await UploadAsync(ourWeb), name, "ours-" + run);
        var ourMapping = await app.WithScopeAsync(sp => sp.GetRequiredService<Vigil.Data.VigilDbContext>().SavedMappings.AsNoTracking().SingleAsync(m => m.Name == name));
        Assert.Contains("ours-" + run, ourMapping.Json, StringComparison.Ordinal);

        using var theirWeb = await app.SignedInClientAsync(theirs);
        var theirPage = await UploadAsync(theirWeb);
        Assert.DoesNotContain(ourMapping.Id.ToString(), await theirWeb.GetStringAsync("/import"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await theirWeb.GetAsync($"/import?handler=Mapping&id={ourMapping.Id}")).StatusCode);
        Assert.DoesNotContain("ours-" + run, await theirWeb.GetStringAsync($"{theirPage}?mapping={ourMapping.Id}"), StringComparison.Ordinal);
        await SaveAsync(theirWeb, theirPage, name, "theirs-" + run);

        var rows = await app.WithScopeAsync(sp => sp.GetRequiredService<Vigil.Data.VigilDbContext>().SavedMappings.AsNoTracking().Where(m => m.Name == name).ToListAsync());
        Assert.Equal(2, rows.Count);
        Assert.Contains("ours-" + run, rows.Single(m => m.Id == ourMapping.Id).Json, StringComparison.Ordinal);
        Assert.Contains(rows, m => m.Id != ourMapping.Id && m.Json.Contains("theirs-" + run, StringComparison.Ordinal));
        // Each team lists its own.
        Assert.Contains(ourMapping.Id.ToString(), await ourWeb.GetStringAsync("/import"), StringComparison.Ordinal);
        Assert.DoesNotContain(ourMapping.Id.ToString(), await theirWeb.GetStringAsync("/import"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMappingFromBeforeTeams_IsListedToEveryImporter_AndReplacedByNone()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var name = "Old CMS " + run;
        var legacy = new SavedMapping { Name = name, Json = LegacyJson, SavedBy = "someone", SavedAt = DateTime.UtcNow };
        await app.WithDbAsync(async db => { db.SavedMappings.Add(legacy); await db.SaveChangesAsync(); });
        var importer = await app.CreateUserAsync(Roles.Supervisor);
        using var web = await app.SignedInClientAsync(importer);
        Assert.Contains(legacy.Id.ToString(), await web.GetStringAsync("/import"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await web.GetAsync($"/import?handler=Mapping&id={legacy.Id}")).StatusCode);

        await SaveAsync(web, await UploadAsync(web), name, "mine-" + run);
        var kept = await app.WithScopeAsync(sp => sp.GetRequiredService<Vigil.Data.VigilDbContext>().SavedMappings.AsNoTracking().SingleAsync(m => m.Id == legacy.Id));
        Assert.Equal(LegacyJson, kept.Json);
    }

    /// <summary>A mapping is deleted from the upload page by an importer of its team, never by another team's; the delete is
    /// on the audit trail with the whole mapping (ADR 3013).</summary>
    [Fact]
    public async Task ATeamsMapping_IsDeletedByItsTeam_NotByAnother_AndTheDeleteIsAudited()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var name = "CAD export " + run;
        var ours = await app.CreateUserAsync(Roles.Supervisor);
        var theirs = await app.CreateUserAsync(Roles.Supervisor);
        using var ourWeb = await app.SignedInClientAsync(ours);
        await SaveAsync(ourWeb, await UploadAsync(ourWeb), name, "ours-" + run);
        var id = await app.WithScopeAsync(sp => sp.GetRequiredService<Vigil.Data.VigilDbContext>().SavedMappings.AsNoTracking().Where(m => m.Name == name).Select(m => m.Id).SingleAsync());
        Assert.Contains("handler=Delete", await ourWeb.GetStringAsync("/import"), StringComparison.Ordinal);

        using var theirWeb = await app.SignedInClientAsync(theirs);
        Assert.Equal(HttpStatusCode.NotFound, (await DeleteAsync(theirWeb, id)).StatusCode);
        Assert.True(await ExistsAsync(id));

        var deleted = await DeleteAsync(ourWeb, id);
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.False(await ExistsAsync(id));
        Assert.Contains("The mapping was deleted.", await ourWeb.GetStringAsync(deleted.Headers.Location!.OriginalString), StringComparison.Ordinal);
        var audit = await app.WithScopeAsync(sp => sp.GetRequiredService<Vigil.Data.VigilDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.EntityType == nameof(SavedMapping) && e.EntityId == id.ToString() && e.Action == "delete").ToListAsync());
        var entry = Assert.Single(audit);
        Assert.Equal($"user:{ours.Id}:{ours.UserName}", entry.Actor);
        Assert.Contains("ours-" + run, entry.Changes, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await DeleteAsync(ourWeb, id)).StatusCode);
    }

    /// <summary>A mapping from before mappings had a team may be in use by every team: an administrator or a supervisor
    /// deletes it (ADR 3013); the page offers it to them.</summary>
    [Fact]
    public async Task AMappingFromBeforeTeams_IsDeletedByASupervisor()
    {
        var legacy = new SavedMapping { Name = "Old CMS " + Guid.NewGuid().ToString("N")[..8], Json = LegacyJson, SavedBy = "someone", SavedAt = DateTime.UtcNow };
        await app.WithDbAsync(async db => { db.SavedMappings.Add(legacy); await db.SaveChangesAsync(); });
        var supervisor = await app.CreateUserAsync(Roles.Supervisor);
        using var web = await app.SignedInClientAsync(supervisor);
        Assert.Equal(HttpStatusCode.Redirect, (await DeleteAsync(web, legacy.Id)).StatusCode);
        Assert.False(await ExistsAsync(legacy.Id));
    }

    private static Task<HttpResponseMessage> DeleteAsync(HttpClient client, Guid id) =>
        Forms.PostAsync(client, "/import?handler=Delete", new() { ["id"] = id.ToString() }, "/import");

    private Task<bool> ExistsAsync(Guid id) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<Vigil.Data.VigilDbContext>().SavedMappings.AsNoTracking().AnyAsync(m => m.Id == id));

    private const string LegacyJson = """{"source":"legacy","columns":[]}""";

    private static async Task<string> UploadAsync(HttpClient client)
    {
        var token = Forms.AntiforgeryToken(await client.GetStringAsync("/import"))!;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes("Incident No,Date Found,Lat,Long\nX-1,02/03/2015 07:20,51.5079,-0.0877\n")), "Spreadsheet", "export.csv" },
        };
        var response = await client.PostAsync("/import", form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!.OriginalString;
    }

    private static async Task SaveAsync(HttpClient client, string page, string name, string source)
    {
        var saved = await Forms.PostAsync(client, page + "?handler=Save", new()
        {
            ["Form.Source"] = source, ["Form.TimeZone"] = "Europe/London", ["MappingName"] = name,
            ["Form.Columns[0].Column"] = "Incident No", ["Form.Columns[0].Field"] = "ref",
            ["Form.Columns[1].Column"] = "Date Found", ["Form.Columns[1].Field"] = "found_at", ["Form.Columns[1].Formats"] = "dd/MM/yyyy HH:mm",
            ["Form.Columns[2].Column"] = "Lat", ["Form.Columns[2].Field"] = "location.lat",
            ["Form.Columns[3].Column"] = "Long", ["Form.Columns[3].Field"] = "location.lon",
        }, page);
        Assert.Contains($"{name}&quot; saved", await saved.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SavedMappingScopeTests_Sqlite(SqliteApp app) : SavedMappingScopeTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SavedMappingScopeTests_Postgres(PostgresApp app) : SavedMappingScopeTests(app);
