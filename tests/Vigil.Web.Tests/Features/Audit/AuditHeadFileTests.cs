using System.Text;
using Vigil.Data.Audit;

namespace Vigil.Web.Tests.Features.Audit;

/// <summary>The head record is overwritten in place rather than truncated and rewritten (ADR 1606): whatever the
/// record before it, the file holds exactly the newest record afterwards, and an older head never replaces it.</summary>
public sealed class AuditHeadFileTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("vigil-head-").FullName;
    private string HeadPath => Path.Combine(dir, "audit.head");

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static string Record(AuditHead head) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"vigil-audit-head v1\n{head.Count} {head.Hash} {head.KeyId}\n");

    [Fact]
    public void Advance_OverALongerRecord_LeavesExactlyTheNewOne()
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
    public void Advance_OverAFileThatIsNotARecord_ReplacesItWhole()
    {
        File.WriteAllText(HeadPath, new string('x', 2_000));
        var head = new AuditHead(1, new string('d', 64), "k1");

        new AuditHeadFile(HeadPath).Advance(head);

        Assert.Equal(Record(head), File.ReadAllText(HeadPath, Encoding.UTF8));
    }
}
