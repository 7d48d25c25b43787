using System.Text;
using Vigil.Data.Audit;

namespace Vigil.Web.Tests.Features.Audit;

/// <summary>The head record is overwritten in place, padded to one length, rather than truncated and rewritten (ADR 1606):
/// whatever the file held before, it holds exactly the newest record afterwards, and an older head never replaces it.</summary>
public sealed class AuditHeadFileTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("vigil-head-").FullName;
    private string HeadPath => Path.Combine(dir, "audit.head");

    public void Dispose() => Directory.Delete(dir, recursive: true);

    /// <summary>The record as written: two lines, padded with a line of spaces to 256 bytes, whatever the record before.</summary>
    private static string Record(AuditHead head)
    {
        var record = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"vigil-audit-head v1\n{head.Count} {head.Hash} {head.KeyId}\n");
        return record + new string(' ', 256 - record.Length - 1) + "\n";
    }

    [Fact]
    public void Advance_OverALongerRecord_LeavesExactlyTheNewOne_ReadableAsBefore()
    {
        var file = new AuditHeadFile(HeadPath);
        var longer = new AuditHead(9, new string('a', 64), "old-key-with-a-long-identifier");
        file.Advance(longer);
        var shorter = new AuditHead(10, new string('b', 64), "k2"); // another key: a shorter line than the one it replaces

        file.Advance(shorter);

        Assert.Equal(Record(shorter), File.ReadAllText(HeadPath, Encoding.UTF8));
        Assert.Equal(shorter, file.Read());
    }

    [Fact]
    public void Advance_MovesForwardOnly_AndEachWriteLeavesOneWholeRecord()
    {
        var file = new AuditHeadFile(HeadPath);
        foreach (var count in new long[] { 9, 10, 99_999, 100_000 })
            file.Advance(new AuditHead(count, count.ToString("x64", System.Globalization.CultureInfo.InvariantCulture), "k1"));
        var newest = new AuditHead(100_000, 100_000L.ToString("x64", System.Globalization.CultureInfo.InvariantCulture), "k1");

        file.Advance(new AuditHead(5, new string('c', 64), "k1")); // a slow writer's older head

        Assert.Equal(Record(newest), File.ReadAllText(HeadPath, Encoding.UTF8));
    }

    [Fact]
    public void Advance_OverAnEarlierVersionsUnpaddedRecord_ReadsItAndMovesOn()
    {
        File.WriteAllText(HeadPath, $"vigil-audit-head v1\n7 {new string('e', 64)} k1\n");
        var file = new AuditHeadFile(HeadPath);
        Assert.Equal(new AuditHead(7, new string('e', 64), "k1"), file.Read());
        var head = new AuditHead(8, new string('f', 64), "k1");

        file.Advance(head);

        Assert.Equal(Record(head), File.ReadAllText(HeadPath, Encoding.UTF8));
        Assert.Equal(head, file.Read());
    }

    [Fact]
    public void Advance_OverAFileThatIsNotARecord_ReplacesItWhole()
    {
        File.WriteAllText(HeadPath, new string('x', 2_000));
        var head = new AuditHead(1, new string('d', 64), "k1");

        new AuditHeadFile(HeadPath).Advance(head);

        Assert.Equal(Record(head), File.ReadAllText(HeadPath, Encoding.UTF8));
    }
}
