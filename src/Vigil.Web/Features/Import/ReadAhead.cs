using System.Threading.Channels;

namespace Vigil.Web.Features.Import;

/// <summary>Reads and parses an import's lines on a thread of its own, a few chunks ahead of the batches, so that the
/// second core decompresses and parses batch N+1 while batch N is staged, written and committed (ADR 2551). Lines come
/// out in the order they were read, every one of them (rejected lines too); should reading fail, every line read
/// before the failure comes out first, then the failure, exactly where a plain enumeration would have thrown it.</summary>
internal sealed class ReadAhead : IAsyncDisposable
{
    /// <summary>Chunks parsed and waiting: enough to keep the writer fed, few enough to bound the memory.</summary>
    private const int ChunksAhead = 2;

    private readonly Channel<ParsedLine[]> chunks =
        Channel.CreateBounded<ParsedLine[]>(new BoundedChannelOptions(ChunksAhead) { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource stop = new();
    private readonly Task reading;

    public ReadAhead(IEnumerable<ParsedLine> lines, int chunkSize)
    {
        // A thread of its own: the parser reads its stream synchronously and must not hold a pool thread while it waits.
        reading = Task.Factory.StartNew(() => Read(lines, Math.Max(1, chunkSize)), stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>The lines in order; a reading failure is thrown after the lines before it.</summary>
    public async IAsyncEnumerable<ParsedLine> LinesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var chunk in chunks.Reader.ReadAllAsync(ct))
            foreach (var line in chunk) yield return line;
    }

    private void Read(IEnumerable<ParsedLine> lines, int chunkSize)
    {
        var chunk = new List<ParsedLine>(chunkSize);
        try
        {
            foreach (var line in lines)
            {
                chunk.Add(line);
                if (chunk.Count < chunkSize) continue;
                if (!Publish(chunk)) return;
                chunk = new List<ParsedLine>(chunkSize);
            }
            if (chunk.Count > 0 && !Publish(chunk)) return;
            chunks.Writer.TryComplete();
        }
        catch (Exception ex)
        {
            // The lines read before the failure still import, as they would have without reading ahead.
            if (chunk.Count > 0 && !Publish(chunk)) return;
            chunks.Writer.TryComplete(ex);
        }
    }

    /// <summary>Waits for room; false once the import has stopped listening.</summary>
    private bool Publish(List<ParsedLine> chunk)
    {
        var array = chunk.ToArray();
        try
        {
            while (!chunks.Writer.TryWrite(array))
                if (!chunks.Writer.WaitToWriteAsync(stop.Token).AsTask().GetAwaiter().GetResult()) return false;
            return true;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Stops reading (the import finished or failed) and waits for the reading thread to let go of the input.</summary>
    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        chunks.Writer.TryComplete();
        try { await reading; }
        catch (OperationCanceledException) { } // cancelled before it started
        stop.Dispose();
    }
}
