using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Vigil.Data;
using Vigil.Data.Family;
using Vigil.Web.Features.Family;
using Vigil.Web.Features.Family.Portal;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Family;

/// <summary>ADR 1623: uploads sent before ADR 1621 are files in the folder of the node that received them. Each node
/// copies its own into the store (at start, or `vigil uploads adopt`), checked against the hash taken when the family
/// sent them, so that any node serves them.</summary>
public abstract class LegacyUploadsTests(VigilAppFactory app) : IAsyncLifetime
{
    /// <summary>The rows this test made legacy: given their bytes back afterwards, so that the shared store holds no
    /// upload outside it for later tests (a backup test expects every legacy row's file in its own folder).</summary>
    private readonly List<(Guid Id, byte[] Bytes)> made = [];
    private FamilyCase? family;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => app.WithScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<VigilDbContext>();
        var ids = made.Select(m => m.Id).ToList();
        var stored = await db.SubmissionFileContents.Where(c => ids.Contains(c.SubmissionFileId)).Select(c => c.SubmissionFileId).ToListAsync();
        db.SubmissionFileContents.AddRange(made.Where(m => !stored.Contains(m.Id)).Select(m => new SubmissionFileContent { SubmissionFileId = m.Id, Bytes = m.Bytes }));
        return await db.SaveChangesAsync();
    });

    [Fact]
    public async Task EachNodeAdoptsTheUploadsItsFolderHolds_AnAlteredOneIsRefused_AndAnyNodeThenServesThem()
    {
        var (rows, bytes) = await LegacyRowsAsync("a.txt", "b.txt", "c.txt");
        var (nodeA, nodeB) = (Folder(), Folder());
        await File.WriteAllBytesAsync(Path.Combine(nodeA, rows[0].StoredName), bytes[0]);
        await File.WriteAllTextAsync(Path.Combine(nodeA, rows[1].StoredName), "altered after it was sent");
        await File.WriteAllBytesAsync(Path.Combine(nodeB, rows[2].StoredName), bytes[2]);

        var first = await AdoptAsync(nodeA);
        Assert.Equal(1, first.Adopted);
        Assert.Equal([rows[1].StoredName], first.Altered);
        Assert.Contains(rows[2].StoredName, first.NotHere);
        Assert.DoesNotContain(rows[0].StoredName, first.NotHere);
        Assert.False(first.Complete);

        var again = await AdoptAsync(nodeA); // idempotent: nothing copied twice, the altered file still refused
        Assert.Equal(0, again.Adopted);
        Assert.Equal([rows[1].StoredName], again.Altered);
        Assert.Equal(1, (await AdoptAsync(nodeB)).Adopted);

        // A node whose folder is empty now serves both adopted uploads from the store, and has nothing for the altered one.
        var elsewhere = Folder();
        await app.WithScopeAsync(async sp =>
        {
            var store = StoreOver(sp, elsewhere);
            var db = sp.GetRequiredService<VigilDbContext>();
            Assert.Equal(bytes[0], await store.BytesAsync(db, rows[0], default));
            Assert.Null(await store.BytesAsync(db, rows[1], default));
            Assert.Equal(bytes[2], await store.BytesAsync(db, rows[2], default));
            return true;
        });
        Assert.True(File.Exists(Path.Combine(nodeA, rows[0].StoredName)), "the file is left where it was");
        // Each adoption is on the chain, once, with the hash of what was copied in; the refused file has none.
        var adoptions = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.Action == LegacyUploads.AdoptedAction && e.CaseId == rows[0].CaseId).Select(e => new { e.EntityId, e.Changes }).ToListAsync());
        Assert.Equal(new[] { rows[0].Id.ToString(), rows[2].Id.ToString() }.Order(StringComparer.Ordinal), adoptions.Select(a => a.EntityId).Order(StringComparer.Ordinal));
        Assert.Contains(rows[0].Sha256, adoptions.Single(a => a.EntityId == rows[0].Id.ToString()).Changes, StringComparison.Ordinal);
    }

    /// <summary>The bytes stored once: a second store of the same row (another node got there first) writes nothing,
    /// neither the bytes nor a second audit event, and does not throw.</summary>
    [Fact]
    public async Task StoringARowAlreadyAdopted_WritesNothing()
    {
        var (rows, bytes) = await LegacyRowsAsync("once.txt");
        var folder = Folder();
        var (first, second) = await app.WithScopeAsync(async sp =>
        {
            var adopter = new LegacyUploads(sp.GetRequiredService<VigilDbContext>(), StoreOver(sp, folder));
            return (await adopter.StoreAsync(rows[0].Id, rows[0].CaseId, bytes[0], default), await adopter.StoreAsync(rows[0].Id, rows[0].CaseId, "other"u8.ToArray(), default));
        });
        Assert.True(first);
        Assert.False(second);
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<VigilDbContext>();
            Assert.Equal(bytes[0], await db.SubmissionFileContents.Where(c => c.SubmissionFileId == rows[0].Id).Select(c => c.Bytes).SingleAsync());
            Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == LegacyUploads.AdoptedAction && e.EntityId == rows[0].Id.ToString()));
            return true;
        });
    }

    /// <summary>A row whose stored name was altered in the database to a path (a crafted restore, a direct write) reads
    /// nothing from outside the folder: not served, not adopted, not backed up.</summary>
    [Fact]
    public async Task AStoredNameThatIsAPath_ReachesNoFileOutsideTheFolder()
    {
        var (rows, _) = await LegacyRowsAsync("path.txt");
        var (name, length, sha) = (rows[0].StoredName, rows[0].Length, rows[0].Sha256);
        var parent = Folder();
        var folder = Directory.CreateDirectory(Path.Combine(parent, "uploads")).FullName;
        var secret = "not an upload"u8.ToArray();
        await File.WriteAllBytesAsync(Path.Combine(parent, "secret.key"), secret);
        await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().SubmissionFiles.Where(f => f.Id == rows[0].Id)
            .ExecuteUpdateAsync(u => u.SetProperty(f => f.StoredName, "../secret.key").SetProperty(f => f.Length, secret.Length)
                .SetProperty(f => f.Sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(secret)))));
        var renamed = rows[0];
        renamed.StoredName = "../secret.key";
        Assert.Null(await app.WithScopeAsync(sp => StoreOver(sp, folder).BytesAsync(sp.GetRequiredService<VigilDbContext>(), renamed, default)));
        var report = await AdoptAsync(folder);
        Assert.Contains("../secret.key", report.NotHere);
        Assert.Equal(0, report.Adopted);
        // As it was, so that the bytes given back after the test match the row's hash.
        await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().SubmissionFiles.Where(f => f.Id == rows[0].Id)
            .ExecuteUpdateAsync(u => u.SetProperty(f => f.StoredName, name).SetProperty(f => f.Length, length).SetProperty(f => f.Sha256, sha)));
    }

    /// <summary>Two nodes sharing one folder start together: each upload is copied once, whichever gets there first.</summary>
    [Fact]
    public async Task TwoNodesOnOneFolder_AdoptingAtOnce_CopyEachUploadOnce()
    {
        var (rows, bytes) = await LegacyRowsAsync("one.txt", "two.txt", "three.txt");
        var shared = Folder();
        for (var i = 0; i < rows.Count; i++) await File.WriteAllBytesAsync(Path.Combine(shared, rows[i].StoredName), bytes[i]);
        var reports = await Task.WhenAll(AdoptAsync(shared), AdoptAsync(shared));
        Assert.Equal(rows.Count, reports.Sum(r => r.Adopted));
        var ids = rows.Select(r => r.Id).ToList();
        Assert.Equal(rows.Count, await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().SubmissionFileContents.CountAsync(c => ids.Contains(c.SubmissionFileId))));
    }

    [Fact]
    public async Task ANodeStartingWithUploadsInItsFolder_CopiesThemIntoTheStore()
    {
        var (rows, bytes) = await LegacyRowsAsync("letter.txt");
        var folder = Folder();
        await File.WriteAllBytesAsync(Path.Combine(folder, rows[0].StoredName), bytes[0]);
        await using var node = app.WithWebHostBuilder(b => b.UseSetting("Vigil:Family:UploadFolder", folder));
        using var client = node.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        byte[]? stored = null;
        // A deadline, not 100 tries of 100 ms: the node copies in the background after it starts, which a loaded machine can hold past 10 s.
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            stored = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().SubmissionFileContents
                .Where(c => c.SubmissionFileId == rows[0].Id).Select(c => c.Bytes).FirstOrDefaultAsync());
            if (stored is not null || DateTime.UtcNow > deadline) break;
            await Task.Delay(100);
        }
        Assert.Equal(bytes[0], stored);
    }

    /// <summary>An older upload no node holds (its file on a node not yet started, or lost): the FLO is sent back to the
    /// family's submissions with why, and the trail records no download of it. Before, the download was recorded first,
    /// then a bare 404 answered.</summary>
    [Fact]
    public async Task AnUploadNoNodeHolds_IsExplainedBesideTheFile_AndNoDownloadIsRecorded()
    {
        var (rows, _) = await LegacyRowsAsync("gone.txt");
        using var flo = await app.SignedInClientAsync(family!.Flo);
        var link = Forms.Parse(await flo.GetStringAsync($"/cases/{rows[0].CaseId}/family")).QuerySelectorAll("a")
            .Single(a => a.TextContent == "gone.txt").GetAttribute("href")!;
        using var answer = await flo.GetAsync(link);
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal($"/cases/{rows[0].CaseId}/family#submissions", answer.Headers.Location?.OriginalString);
        var notice = Forms.Parse(await flo.GetStringAsync($"/cases/{rows[0].CaseId}/family")).QuerySelector("[data-flash=submissions]")?.TextContent;
        Assert.Contains("\"gone.txt\" is not on this server", notice, StringComparison.Ordinal);
        Assert.Contains("vigil uploads adopt", notice, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().AuditEntries
            .CountAsync(e => e.Action == "download" && e.EntityId == rows[0].Id.ToString())));
    }

    /// <summary>The verb as an operator runs it, from the folder given (a retired node's, copied here): it says what it
    /// copied and what is left, and exits 1 while an upload is still outside the store.</summary>
    [Fact]
    public async Task TheVerb_CopiesFromTheFolderGiven_SaysWhatIsLeft_AndExitsOne()
    {
        var (rows, bytes) = await LegacyRowsAsync("kept.txt", "elsewhere.txt");
        var (here, retired) = (Folder(), Folder());
        await File.WriteAllBytesAsync(Path.Combine(here, rows[0].StoredName), bytes[0]);
        await File.WriteAllBytesAsync(Path.Combine(retired, rows[1].StoredName), bytes[1]);
        var settings = new Dictionary<string, string?> { ["Vigil:Database"] = app.Database, ["Vigil:AuditKeyFile"] = app.AuditKeyFile };

        using var first = new StringWriter();
        Assert.Equal(Vigil.Web.Cli.VigilCli.Failed, await UploadsCommand.AdoptAsync(new Dictionary<string, string?>(settings) { ["Vigil:Family:UploadFolder"] = here }, first, default));
        Assert.StartsWith($"1 upload copied from {here} into the store", first.ToString(), StringComparison.Ordinal);
        Assert.Contains($"not here: {rows[1].StoredName}", first.ToString(), StringComparison.Ordinal);

        using var second = new StringWriter();
        await UploadsCommand.AdoptAsync(new Dictionary<string, string?>(settings) { ["Vigil:Family:UploadFolder"] = retired }, second, default);
        Assert.StartsWith($"1 upload copied from {retired} into the store", second.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(rows[0].StoredName, second.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(rows[1].StoredName, second.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Files sent through the portal, then made to look as they did before ADR 1621: no bytes in the store.</summary>
    private async Task<(List<SubmissionFile> Rows, List<byte[]> Bytes)> LegacyRowsAsync(params string[] names)
    {
        var f = family = await FamilyKit.CaseAsync(app);
        var (member, _) = await FamilyKit.FamilySessionAsync(app, f);
        var files = names.Select(n => (n, System.Text.Encoding.UTF8.GetBytes($"{n} sent before ADR 1621 {f.Marker}"))).ToArray();
        Assert.Equal(HttpStatusCode.Redirect, (await PortalFlowTests.SubmitAsync(member, "old notes " + f.Marker, files)).StatusCode);
        return await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<VigilDbContext>();
            var rows = await db.SubmissionFiles.AsNoTracking().Where(x => x.CaseId == f.Case.Id).ToListAsync();
            var ids = rows.Select(r => r.Id).ToList();
            await db.SubmissionFileContents.Where(c => ids.Contains(c.SubmissionFileId)).ExecuteDeleteAsync();
            var ordered = names.Select(n => rows.Single(r => r.DisplayName == n)).ToList();
            made.AddRange(ordered.Zip(files, (r, x) => (r.Id, x.Item2)));
            return (ordered, files.Select(x => x.Item2).ToList());
        });
    }

    private Task<LegacyUploads.Report> AdoptAsync(string folder) =>
        app.WithScopeAsync(sp => new LegacyUploads(sp.GetRequiredService<VigilDbContext>(), StoreOver(sp, folder)).AdoptAsync(default));

    private static UploadStore StoreOver(IServiceProvider sp, string folder) =>
        new(Options.Create(new FamilyOptions { UploadFolder = folder }), sp.GetRequiredService<IOptions<VigilSettings>>());

    private static string Folder() => Directory.CreateTempSubdirectory("vigil-node-uploads-").FullName;
}

[Collection(SqliteCollection.Name)]
public sealed class LegacyUploadsTests_Sqlite(SqliteApp app) : LegacyUploadsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class LegacyUploadsTests_Postgres(PostgresApp app) : LegacyUploadsTests(app);
