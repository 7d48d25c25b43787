using Vigil.Records;
using Vigil.Web.Features.Import;

namespace Vigil.Web.Tests.Features.Import;

/// <summary>The import's read-ahead (ADR 2551) reads its first chunk on the caller's thread and starts a thread only for
/// an input longer than that (ADR 1606): every line comes out once, in order, and a failure after the lines before it.</summary>
public sealed class ReadAheadTests
{
    private static ParsedLine Line(int n) => new(n, null, "line " + n, []);

    private static async Task<(List<int> Numbers, bool Threaded)> ReadAllAsync(IEnumerable<ParsedLine> lines, int chunk)
    {
        await using var ahead = new ReadAhead(lines, chunk);
        var numbers = new List<int>();
        await foreach (var line in ahead.LinesAsync(default)) numbers.Add(line.LineNumber);
        return (numbers, ahead.ReadsOnAThread);
    }

    [Theory]
    [InlineData(0, 4, false)]
    [InlineData(1, 4, false)]
    [InlineData(3, 4, false)]
    [InlineData(4, 4, true)] // a full first chunk: whether more follows is known only by reading on
    [InlineData(5, 4, true)]
    [InlineData(14, 4, true)]
    public async Task EveryLine_ComesOutOnceInOrder_AndAThreadStartsOnlyPastTheFirstChunk(int count, int chunk, bool threaded)
    {
        var (numbers, usedThread) = await ReadAllAsync(Enumerable.Range(1, count).Select(Line), chunk);

        Assert.Equal(Enumerable.Range(1, count), numbers);
        Assert.Equal(threaded, usedThread);
    }

    [Theory]
    [InlineData(2)] // inside the first chunk
    [InlineData(9)] // on the reading thread
    public async Task AFailure_IsThrownAfterTheLinesBeforeIt(int failAfter)
    {
        var numbers = new List<int>();
        var ahead = new ReadAhead(FailingAfter(failAfter), 4);
        var failure = await Assert.ThrowsAsync<IOException>(async () =>
        {
            await foreach (var line in ahead.LinesAsync(default)) numbers.Add(line.LineNumber);
        });
        await ahead.DisposeAsync();

        Assert.Equal($"failed after {failAfter}", failure.Message);
        Assert.Equal(Enumerable.Range(1, failAfter), numbers);
    }

    [Fact]
    public async Task TheInput_IsReleased_WhenTheImportStopsEarly()
    {
        var input = new Tracked(Enumerable.Range(1, 50).Select(Line));
        var ahead = new ReadAhead(input, 4);
        await foreach (var line in ahead.LinesAsync(default))
            if (line.LineNumber == 6) break; // a batch failed: the import stops listening

        await ahead.DisposeAsync();

        Assert.True(input.Disposed);
    }

    private static IEnumerable<ParsedLine> FailingAfter(int count)
    {
        for (var n = 1; n <= count; n++) yield return Line(n);
        throw new IOException($"failed after {count}");
    }

    private sealed class Tracked(IEnumerable<ParsedLine> lines) : IEnumerable<ParsedLine>
    {
        public bool Disposed { get; private set; }

        public IEnumerator<ParsedLine> GetEnumerator()
        {
            try
            {
                foreach (var line in lines) yield return line;
            }
            finally
            {
                Disposed = true;
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
