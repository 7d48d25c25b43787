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
    private readonly IEnumerator<ParsedLine> source;
    private readonly int chunkSize;
    private Task? reading;

    /// <summary>True once the lines beyond the first chunk are being read on a thread of their own.</summary>
    internal bool ReadsOnAThread => reading is not null;

    public ReadAhead(IEnumerable<ParsedLine> lines, int chunkSize)
    {
        source = lines.GetEnumerator();
        this.chunkSize = Math.Max(1, chunkSize);
    }

    /// <summary>The lines in order; a reading failure is thrown after the lines before it.</summary>
    public async IAsyncEnumerable<ParsedLine> LinesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        // The first chunk is read here, before any thread is started: the batch waits for it either way, and an import
        // that fits in one chunk (an API call of five deaths) needs no thread of its own, whose start cost such a
        // request 1-3 ms under load (ADR 1606). The input is a file already on this machine (the API buffers the body).
        var first = new List<ParsedLine>(Math.Min(chunkSize, 1024));
        Exception? failure = null;
        var more = false;
        try
        {
            while (first.Count < chunkSize && (more = source.MoveNext())) first.Add(source.Current);
        }
        catch (Exception ex)
        {
            failure = ex;
            more = false;
        }
        // A thread of its own for the rest: the parser reads its stream synchronously and must not hold a pool thread while it waits.
        if (more) reading = Task.Factory.StartNew(Read, stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        foreach (var line in first) yield return line;
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        if (reading is null) yield break;
        await foreach (var chunk in chunks.Reader.ReadAllAsync(ct))
            foreach (var line in chunk) yield return line;
    }

    private void Read()
    {
        var chunk = new List<ParsedLine>(chunkSize);
        try
        {
            while (source.MoveNext())
            {
                chunk.Add(source.Current);
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
        if (reading is not null)
        {
            try { await reading; }
            catch (OperationCanceledException) { } // cancelled before it started
        }
        source.Dispose(); // after the reading thread has let go of it
        stop.Dispose();
    }
}
