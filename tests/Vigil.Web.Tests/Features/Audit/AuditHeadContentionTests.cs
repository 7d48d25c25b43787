using Vigil.Data.Audit;

namespace Vigil.Web.Tests.Features.Audit;

/// <summary>Two nodes on one machine share the head file beside the key. A node that finds it held by the other waits
/// for it, however long the other is descheduled on a loaded machine (ADR 1934): on the old code a hold of more than
/// 250 ms failed the save that had just committed.</summary>
public sealed class AuditHeadContentionTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("vigil-head-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public async Task Advance_WaitsForAnotherHolderOfTheFile_AndThenMovesTheHeadForward()
    {
        var path = Path.Combine(dir, "audit.head");
        var file = new AuditHeadFile(path);
        file.Advance(new AuditHead(1, "aa", "k1"));

        var held = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None); // the other node, mid-write
        var advance = Task.Run(() => file.Advance(new AuditHead(2, "bb", "k1")));
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.False(advance.IsCompleted); // still waiting, not failed
        await held.DisposeAsync();
        await advance.WaitAsync(TimeSpan.FromMinutes(1)); // a bound for a hang, not a measure: the file is free now

        Assert.Equal(new AuditHead(2, "bb", "k1"), file.Read());
    }
}
