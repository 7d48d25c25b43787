using System.Security.Cryptography;
using System.Text.Json;

namespace Vigil.Web.Features.Family.Portal;

/// <summary>Uploads sent before ADR 1621 are files in the folder of the node that received them, so another node cannot
/// serve them. Adoption copies each one into the store beside its row once its bytes hash to what was recorded when the
/// family sent it, and records that on the audit chain (ADR 1623). The file itself is left in place: deleting evidence
/// is the operator's decision, after a backup holds it.</summary>
public sealed class LegacyUploads(VigilDbContext db, UploadStore store)
{
    public const string AdoptedAction = "upload-adopted";

    /// <param name="Adopted">Files copied into the store by this run.</param>
    /// <param name="NotHere">Stored names of rows whose bytes are neither in the store nor in this node's folder
    /// (another node's folder, or lost).</param>
    /// <param name="Altered">Stored names of files here whose length or bytes differ from those recorded when they were
    /// sent; they are not adopted.</param>
    public sealed record Report(int Adopted, IReadOnlyList<string> NotHere, IReadOnlyList<string> Altered)
    {
        /// <summary>Whether every upload's bytes are now in the store.</summary>
        public bool Complete => NotHere.Count == 0 && Altered.Count == 0;
    }

    /// <summary>Adopts what this node's folder holds, one file at a time (each no longer than its row says, so at most
    /// the portal's file limit), and is safe to run on several nodes at once and again: a row adopted elsewhere
    /// meanwhile is skipped.</summary>
    public async Task<Report> AdoptAsync(CancellationToken ct)
    {
        var rows = await UploadStore.WithoutStoredBytes(db).Select(f => new { f.Id, f.CaseId, f.StoredName, f.Length, f.Sha256 }).ToListAsync(ct);
        var (adopted, notHere, altered) = (0, new List<string>(), new List<string>());
        foreach (var row in rows)
        {
            var file = store.LegacyFile(row.StoredName);
            if (file is not { Exists: true })
            {
                notHere.Add(row.StoredName);
                continue;
            }
            var bytes = file.Length == row.Length ? await File.ReadAllBytesAsync(file.FullName, ct) : null;
            if (bytes is null || Convert.ToHexStringLower(SHA256.HashData(bytes)) != row.Sha256)
            {
                altered.Add(row.StoredName);
                continue;
            }
            if (await StoreAsync(row.Id, row.CaseId, bytes, ct)) adopted++;
        }
        return new Report(adopted, notHere, altered);
    }

    /// <summary>The bytes and an audit event in one transaction; false, with nothing written, when the row already has
    /// bytes (another node sharing the folder adopted it first). ON CONFLICT rather than a caught key violation: the
    /// race is expected, not an error for the logs.</summary>
    internal async Task<bool> StoreAsync(Guid fileId, Guid caseId, byte[] bytes, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var inserted = await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO family_submission_file_contents (\"SubmissionFileId\", \"Bytes\") VALUES ({fileId}, {bytes}) ON CONFLICT (\"SubmissionFileId\") DO NOTHING", ct);
        if (inserted == 0) return false;
        db.RecordEvent(AdoptedAction, nameof(Data.Family.SubmissionFile), fileId.ToString(), caseId,
            JsonSerializer.Serialize(new { from = "node upload folder", sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)) }));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return true;
    }
}
