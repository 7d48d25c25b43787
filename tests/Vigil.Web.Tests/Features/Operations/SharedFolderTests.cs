using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Vigil.Web.Features.Import.Page;
using Vigil.Web.Hosting;

namespace Vigil.Web.Tests.Features.Operations;

/// <summary>Two SQLite stores in one folder share its key and its import upload folder (ADR 1863): what that sharing
/// may never do is let one store read the other's files. (Family uploads are kept in each store since ADR 1621.)</summary>
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
