using System.Text;

namespace Vigil.Web.Tests.Fuzz;

/// <summary>Random mutations of valid inputs, as a fuzzer makes them: bit flips, inserted and deleted bytes, copied
/// spans, truncation, and tokens that parsers trip on (quotes, brackets, huge numbers, NULs, broken UTF-8).</summary>
public static class Mutations
{
    private static readonly byte[][] Tokens =
    [
        "\""u8.ToArray(), "{"u8.ToArray(), "}"u8.ToArray(), "["u8.ToArray(), "]"u8.ToArray(), ","u8.ToArray(), "\n"u8.ToArray(), "\r\n"u8.ToArray(),
        "\\u0000"u8.ToArray(), "null"u8.ToArray(), "99999999999999999999999"u8.ToArray(), "-1e309"u8.ToArray(), "NaN"u8.ToArray(),
        "\"\\ud800\""u8.ToArray(), [0xC3, 0x28], [0xEF, 0xBB, 0xBF], [0x00], [0xFF, 0xFE], "9999-12-31T23:59:59Z"u8.ToArray(), "0001-01-01T00:00:00Z"u8.ToArray(),
        "\"found_at\":"u8.ToArray(), "\"people\":[{}]"u8.ToArray(), ";"u8.ToArray(), "\t"u8.ToArray(), "PK"u8.ToArray(),
    ];

    public static byte[] Mutate(byte[] input, Random random)
    {
        var bytes = new List<byte>(input);
        for (var n = random.Next(1, 6); n > 0; n--)
        {
            var at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(7))
            {
                case 0 when bytes.Count > 0: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 1: bytes.Insert(at, (byte)random.Next(256)); break;
                case 2 when bytes.Count > 0: bytes.RemoveRange(at, Math.Min(random.Next(1, 16), bytes.Count - at)); break;
                case 3 when bytes.Count > 0:
                    var length = Math.Min(random.Next(1, 64), bytes.Count - at);
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, length));
                    break;
                case 4: bytes.InsertRange(at, Tokens[random.Next(Tokens.Length)]); break;
                case 5 when bytes.Count > 0: bytes.RemoveRange(at, bytes.Count - at); break;
                default: bytes.InsertRange(at, Tokens[random.Next(Tokens.Length)]); break;
            }
        }
        return [.. bytes];
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static string CorpusFolder(string target) => Path.Combine(AppContext.BaseDirectory, "Fuzz", "corpus", target);

    public static IEnumerable<byte[]> Corpus(string target) =>
        Directory.GetFiles(CorpusFolder(target)).Order(StringComparer.Ordinal).Select(File.ReadAllBytes);
}
