using System.IO.Compression;

namespace Vigil.Records;

/// <summary>One physical line of a JSON-lines file, as raw bytes, with its 1-based number.</summary>
/// <param name="Number">1-based line number in the file.</param>
/// <param name="Bytes">The line without its terminator; empty when <paramref name="TooLong"/>.</param>
/// <param name="TooLong">The line exceeded the reader's limit and its bytes were skipped, not buffered.</param>
/// <param name="Length">The line's length in bytes.</param>
public readonly record struct RawLine(int Number, ReadOnlyMemory<byte> Bytes, bool TooLong, long Length);

/// <summary>Splits a stream into lines of bytes without decoding them, so that one line of invalid
/// UTF-8 or a 10 MB string costs that line, not the import.</summary>
public static class JsonLinesReader
{
    /// <summary>Lines longer than this are reported and skipped. A death record is a few kilobytes.</summary>
    public const int DefaultMaxLineBytes = 1 << 20;

    /// <summary>Opens a file, decompressing it when it starts with the gzip magic number. The file itself is read
    /// unbuffered: <see cref="ReadLines"/> reads it in chunks of its own, and only the gzip decoder's small reads are
    /// buffered, so a five-line API import does not allocate two 64 KB buffers for one (round 39).</summary>
    public static Stream OpenMaybeGzip(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, useAsync: false);
        return StartsGzip(file) ? new GZipStream(new BufferedStream(file, ChunkBytes), CompressionMode.Decompress) : file;
    }

    /// <summary>What a blank line may hold.</summary>
    private static readonly System.Buffers.SearchValues<byte> Blanks = System.Buffers.SearchValues.Create(" \t\r"u8);

    /// <summary>How much of the stream <see cref="ReadLines"/> reads at a time.</summary>
    private const int ChunkBytes = 1 << 16;

    /// <summary>Wraps a seekable or buffered stream in a gzip decoder when its first two bytes are 1f 8b.</summary>
    public static Stream WrapMaybeGzip(Stream stream)
    {
        var buffered = stream.CanSeek ? stream : new BufferedStream(stream, ChunkBytes);
        return buffered.CanSeek && StartsGzip(buffered) ? new GZipStream(buffered, CompressionMode.Decompress) : buffered;
    }

    /// <summary>Whether a seekable stream's next two bytes are 1f 8b; the stream is left where it was.</summary>
    private static bool StartsGzip(Stream seekable)
    {
        Span<byte> magic = stackalloc byte[2];
        var read = seekable.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        seekable.Seek(-read, SeekOrigin.Current);
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }

    /// <summary>Reads the lines that are not blank, each with its number in the stream; a line over
    /// <paramref name="maxLineBytes"/> is yielded as <c>TooLong</c>.</summary>
    public static IEnumerable<RawLine> ReadLines(Stream stream, int maxLineBytes = DefaultMaxLineBytes)
    {
        // Pooled: every API import reads its body through here, and a new 64 KB array each time was an eighth of what a
        // five-death import allocated.
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            foreach (var line in Lines(stream, buffer, maxLineBytes)) yield return line;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Blank lines (spaces, tabs, a carriage return) are counted but not yielded: the format skips them, and a
    /// line yielded costs a quarter of a microsecond, so a small gzip body of nothing but newlines (2 GB of them in 2 MB)
    /// held an import request for 493 s (sec62, ADR 1656).</summary>
    private static IEnumerable<RawLine> Lines(Stream stream, byte[] buffer, int maxLineBytes)
    {
        var line = new MemoryStream();
        var number = 1;
        long length = 0;
        var tooLong = false;
        var blank = true;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != (byte)'\n') continue;
                if (i == start && length == 0) { number++; start = i + 1; continue; } // an empty line, the commonest blank
                Append(buffer.AsSpan(start, i - start));
                start = i + 1;
                if (blank && !tooLong) { Skip(); continue; }
                yield return Finish();
            }
            Append(buffer.AsSpan(start, read - start));
        }
        if (length > 0 && !(blank && !tooLong)) yield return Finish();

        void Append(ReadOnlySpan<byte> span)
        {
            length += span.Length;
            if (blank && span.IndexOfAnyExcept(Blanks) >= 0) blank = false;
            if (tooLong) return;
            if (length > maxLineBytes) { tooLong = true; line.SetLength(0); return; }
            line.Write(span);
        }

        void Skip()
        {
            number++;
            line.SetLength(0);
            length = 0;
        }

        RawLine Finish()
        {
            var bytes = line.ToArray().AsMemory();
            if (bytes.Length > 0 && bytes.Span[^1] == (byte)'\r') bytes = bytes[..^1];
            var result = new RawLine(number++, tooLong ? ReadOnlyMemory<byte>.Empty : bytes, tooLong, length);
            line.SetLength(0);
            length = 0;
            tooLong = false;
            blank = true;
            return result;
        }
    }
}
