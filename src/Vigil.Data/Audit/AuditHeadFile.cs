using System.Text;

namespace Vigil.Data.Audit;

/// <summary>What the application last committed to the chain: entry count, that entry's hash and the key's id.</summary>
public sealed record AuditHead(long Count, string Hash, string KeyId);

/// <summary>The chain's head kept outside the database, beside the audit key, advanced after every commit that
/// appended entries (ADR 0801). Deleting the newest rows from the database cannot roll it back, so `audit verify`
/// sees the truncation. It only ever moves forward: a slow writer never overwrites a newer head with an older one.
/// A head file behind the database (a crash between commit and write) weakens the check, never raises a false alarm.
/// <paramref name="sharedPath"/> is the name earlier versions gave every store in the key's folder: read while this
/// store has no record of its own, never written (ADR 1761).</summary>
public sealed class AuditHeadFile(string? path, string? sharedPath = null)
{
    private const string Magic = "vigil-audit-head v1";
    private static readonly Lock ProcessGate = new();

    public string? Path { get; } = path;

    /// <summary>The file <see cref="Read"/> answers from: this store's own record, else the shared name if it exists.</summary>
    public string? ReadPath => ReadsShared ? sharedPath : Path;

    /// <summary>True when the record read is the shared one, which may be another store's in the same folder.</summary>
    public bool ReadsShared =>
        sharedPath is not null && sharedPath != Path && (Path is null || !File.Exists(Path)) && File.Exists(sharedPath);

    public AuditHead? Read()
    {
        if (ReadPath is not { } read || !File.Exists(read)) return null;
        return Parse(File.ReadAllText(read));
    }

    public void Advance(AuditHead head)
    {
        if (Path is null) return;
        lock (ProcessGate)
        {
            // Another node on this machine holds the file for a moment. Waited for by time, not by a count of tries:
            // 50 tries of 5 ms ran out on a loaded machine (load average 20+, the holder descheduled mid-write) and
            // turned a committed save into a 500 that also dropped the node's linkage index (ADR 1934).
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    WriteIfNewer(head);
                    return;
                }
                catch (IOException) when (clock.Elapsed < ContendedWait)
                {
                    Thread.Sleep(5);
                }
            }
        }
    }

    /// <summary>How long <see cref="Advance"/> waits for another process to let go of the file before it fails.</summary>
    public static readonly TimeSpan ContendedWait = TimeSpan.FromSeconds(30);

    /// <summary>Re-anchors the record on a chain that legitimately replaced the store's (a verified restore), which
    /// may be shorter than what the record last held. Never called on the write path.</summary>
    public void Reset(AuditHead head)
    {
        if (Path is null) return;
        lock (ProcessGate)
        {
            var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
            if (dir is not null) Directory.CreateDirectory(dir);
            File.WriteAllText(Path, Format(head));
        }
    }

    private static string Format(AuditHead head) =>
        string.Create(CultureInfo.InvariantCulture, $"{Magic}\n{head.Count} {head.Hash} {head.KeyId}\n");

    private void WriteIfNewer(AuditHead head)
    {
        var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path!));
        if (dir is not null) Directory.CreateDirectory(dir);
        // FileShare.None takes an exclusive lock across processes (flock on Unix): read, compare and write as one step.
        using var stream = new FileStream(Path!, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0);
        Span<byte> buffer = stackalloc byte[MaxRecordBytes];
        var current = Parse(Encoding.UTF8.GetString(buffer[..stream.Read(buffer)]));
        if (current is not null && current.Count >= head.Count && current.KeyId == head.KeyId) return;
        // Overwritten in place, never truncated to nothing first: on ext4 a file truncated to zero and rewritten is
        // flushed to disk on close (auto_da_alloc), 0.4-3 ms on the request of every audited view and save, under the
        // process's gate (ADR 1606). The record is padded to one fixed length, so the file's length does not change
        // from write to write (a crash cannot keep a new length with old bytes) and the write lies in one sector.
        var record = Encoding.UTF8.GetBytes(Padded(Format(head)));
        stream.Position = 0;
        stream.Write(record);
        if (stream.Length > record.Length) stream.SetLength(record.Length); // an older version's or a foreign file
    }

    /// <summary>The record, then a line of spaces up to <see cref="PaddedBytes"/> (a third line: <see cref="Parse"/> reads two).</summary>
    private static string Padded(string record) => record + new string(' ', Math.Max(0, PaddedBytes - record.Length - 1)) + "\n";

    /// <summary>Every record written is this long: more than the longest (a 19-digit count, a SHA-256 hash in hex, a
    /// 16-character key id), less than a sector.</summary>
    internal const int PaddedBytes = 256;

    /// <summary>Longer than any record: the read takes it whole.</summary>
    private const int MaxRecordBytes = 512;

    public static AuditHead? Parse(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length < 2 || lines[0] != Magic) return null;
        var parts = lines[1].Split(' ');
        return parts.Length == 3 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? new AuditHead(count, parts[1], parts[2]) : null;
    }
}
