using System.Security.Cryptography;
using Vigil.Data.Family;

namespace Vigil.Web.Features.Family.Portal;

/// <summary>Uploads sent before ADR 1621 are files in the folder of the node that received them, so another node cannot
/// serve them. Adoption copies each one into the store beside its row once its bytes hash to what was recorded when the
/// family sent it (ADR 1623). The file itself is left in place: deleting evidence is the operator's decision, after a
/// backup holds it.</summary>
public sealed class LegacyUploads(VigilDbContext db, UploadStore store)
{
    /// <param name="Adopted">Files copied into the store by this run.</param>
    /// <param name="NotHere">Stored names of rows whose bytes are neither in the store nor in this node's folder
    /// (another node's folder, or lost).</param>
    /// <param name="Altered">Stored names of files here whose bytes differ from the hash taken when they were sent;
    /// they are not adopted.</param>
    public sealed record Report(int Adopted, IReadOnlyList<string> NotHere, IReadOnlyList<string> Altered)
    {
        /// <summary>Whether every upload's bytes are now in the store.</summary>
        public bool Complete => NotHere.Count == 0 && Altered.Count == 0;
    }

    /// <summary>Adopts what this node's folder holds, one file at a time (each at most the portal's file limit), and
    /// is safe to run on several nodes at once and again: a row adopted elsewhere meanwhile is skipped.</summary>
    public async Task<Report> AdoptAsync(CancellationToken ct)
    {
        var rows = await UploadStore.WithoutStoredBytes(db).Select(f => new { f.Id, f.StoredName, f.Sha256 }).ToListAsync(ct);
        var (adopted, notHere, altered) = (0, new List<string>(), new List<string>());
        foreach (var row in rows)
        {
            var file = Path.Combine(store.Folder, row.StoredName);
            if (!File.Exists(file))
            {
                notHere.Add(row.StoredName);
                continue;
            }
            var bytes = await File.ReadAllBytesAsync(file, ct);
            if (Convert.ToHexStringLower(SHA256.HashData(bytes)) != row.Sha256)
            {
                altered.Add(row.StoredName);
                continue;
            }
            if (await SaveAsync(row.Id, bytes, ct)) adopted++;
        }
        return new Report(adopted, notHere, altered);
    }

    /// <summary>False when another node adopted the same row first (a folder shared between nodes).</summary>
    private async Task<bool> SaveAsync(Guid fileId, byte[] bytes, CancellationToken ct)
    {
        db.SubmissionFileContents.Add(new SubmissionFileContent { SubmissionFileId = fileId, Bytes = bytes });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (await db.SubmissionFileContents.AnyAsync(c => c.SubmissionFileId == fileId, ct)) return false;
            throw;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}
