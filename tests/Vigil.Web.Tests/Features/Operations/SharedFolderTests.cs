using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Vigil.Web.Features.Family;
using Vigil.Web.Features.Family.Portal;
using Vigil.Web.Features.Import.Page;
using Vigil.Web.Hosting;

namespace Vigil.Web.Tests.Features.Operations;

/// <summary>Two SQLite stores in one folder share its key and its upload folders (ADR 1863): what that sharing may
/// never do is let one store overwrite or read the other's files.</summary>
public sealed class SharedFolderTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("vigil-shared-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { /* best effort */ }
    }

    private IOptions<VigilSettings> Store(string file) => Options.Create(new VigilSettings { Database = Path.Combine(folder, file) });

    private static FormFile Upload(string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        return new FormFile(new MemoryStream(bytes), 0, bytes.Length, "file", "notes.txt");
    }

    [Fact]
    public async Task FamilyUploads_OfTwoStoresInOneFolder_NeverOverwriteEachOther()
    {
        UploadStore a = new(Options.Create(new FamilyOptions()), Store("a.db")), b = new(Options.Create(new FamilyOptions()), Store("b.db"));
        Assert.Equal(a.Folder, b.Folder);
        var (fromA, _) = await a.SaveAsync(Upload("store a"), default);
        var (fromB, _) = await b.SaveAsync(Upload("store b"), default);
        // Same display name, same moment: each file is stored under its own generated name, created new, never replaced.
        Assert.NotEqual(fromA!.StoredName, fromB!.StoredName);
        Assert.Equal("store a", await File.ReadAllTextAsync(Path.Combine(a.Folder, fromA.StoredName)));
        Assert.Equal("store b", await File.ReadAllTextAsync(Path.Combine(b.Folder, fromB.StoredName)));
    }

    [Fact]
    public async Task ImportUploads_OfOneStore_AreNotFoundByTheOther()
    {
        ImportUploads a = new(Store("a.db"), TimeProvider.System), b = new(Store("b.db"), TimeProvider.System);
        Assert.Equal(a.Folder, b.Folder);
        // User ids are generated per store (Identity's random GUIDs), so the other store's uploader is never its owner.
        string ownerInA = Guid.NewGuid().ToString(), ownerInB = Guid.NewGuid().ToString();
        var (upload, refused) = await a.SaveAsync(Upload("id,name\n1,A"), ownerInA, default);
        Assert.Null(refused);
        Assert.Null(b.Find(upload!.Id, ownerInB));
        Assert.NotNull(a.Find(upload.Id, ownerInA));
    }
}
