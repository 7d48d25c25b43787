using System.IO.Compression;
using System.Xml;

namespace Vigil.Web.Features.Import.Mapping;

/// <summary>How big a spreadsheet is once read, measured at upload without reading it into memory (ADR 3333). A small
/// file can describe a huge table: a 1.4 KB workbook with one cell in column ZZZZZZ made the mapping page allocate a row
/// of 321 million columns and the node was killed at 22 GB; one in column XFD (Excel's last) gave a 100 MB page after
/// 19 s; a 220 KB workbook of one row of 2 million cells held the node at a 4 GB heap cap; 800 KB of 20 million
/// one-letter shared texts took 790 MB (sec63). An honest death-record file has tens of columns.</summary>
public static class TableSize
{
    public const int MaxColumns = 1_000;
    public const int MaxRows = 1_048_576; // Excel's own
    public const int MaxCells = 10_000_000;

    public static string Refusal(string name) =>
        $"\"{name}\" is too large to import at once: a file may have at most {MaxColumns:N0} columns, {MaxRows:N0} rows and "
        + $"{MaxCells:N0} cells and distinct texts together. Split it into smaller files.";

    /// <summary>True when a workbook's sheets or shared texts pass a limit. Run after <see cref="WorkbookText"/>, which
    /// bounds every run of text, so no value read here is long. The stream is left where it was.</summary>
    public static bool WorkbookTooLarge(Stream workbook)
    {
        var start = workbook.Position;
        try
        {
            using var zip = new ZipArchive(workbook, ZipArchiveMode.Read, leaveOpen: true);
            long cells = 0;
            foreach (var part in zip.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)))
            {
                using var xml = XmlReader.Create(part.Open(), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, IgnoreWhitespace = true });
                if (!PartFits(xml, ref cells)) return true;
            }
            return false;
        }
        catch (Exception e) when (e is InvalidDataException or XmlException)
        {
            return true;
        }
        finally
        {
            workbook.Position = start;
        }
    }

    private static bool PartFits(XmlReader xml, ref long cells)
    {
        var column = 0;
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element) continue;
            switch (xml.LocalName)
            {
                case "row":
                    column = 0;
                    if (long.TryParse(xml.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var row) && row > MaxRows) return false;
                    break;
                case "c":
                    column = xml.GetAttribute("r") is { } at ? Column(at) : column + 1;
                    if (column > MaxColumns || ++cells > MaxCells) return false;
                    break;
                case "si":
                    if (++cells > MaxCells) return false;
                    break;
                case "dimension":
                    if (xml.GetAttribute("ref") is { } range && Column(range[(range.IndexOf(':', StringComparison.Ordinal) + 1)..]) > MaxColumns) return false;
                    break;
            }
        }
        return true;
    }

    /// <summary>The 1-based column of a reference such as "AB12", counted no further than past the limit.</summary>
    private static int Column(string reference)
    {
        var column = 0;
        foreach (var letter in reference.TakeWhile(char.IsAsciiLetter))
        {
            column = column * 26 + (char.ToUpperInvariant(letter) - 'A' + 1);
            if (column > MaxColumns) return column;
        }
        return column;
    }

    /// <summary>True when a CSV record has more fields than <see cref="MaxColumns"/> (counted for each separator the
    /// reader may detect, outside quotes), or the file more than <see cref="MaxCells"/>. Streamed; the stream is left
    /// where it was, and read from its start.</summary>
    public static bool CsvTooLarge(Stream csv)
    {
        var start = csv.Position;
        csv.Position = 0;
        try
        {
            ReadOnlySpan<byte> separators = ",;\t|"u8;
            Span<int> fields = stackalloc int[separators.Length];
            Span<long> total = stackalloc long[separators.Length];
            var buffer = new byte[1 << 16];
            var quoted = false;
            int read;
            while ((read = csv.Read(buffer)) > 0)
            {
                foreach (var b in buffer.AsSpan(0, read))
                {
                    if (b == (byte)'"') quoted = !quoted;
                    if (quoted) continue;
                    var s = separators.IndexOf(b);
                    if (s >= 0 && (++fields[s] >= MaxColumns || ++total[s] >= MaxCells)) return true;
                    if (b == (byte)'\n') fields.Clear();
                }
            }
            return false;
        }
        finally
        {
            csv.Position = start;
        }
    }
}
