using System.IO.Compression;

namespace Vigil.Web.Features.Import.Mapping;

/// <summary>An .xlsx file is a zip of XML, and the spreadsheet reader makes each cell's text one string: a 1 MB workbook
/// holding one cell of a gigabyte of one letter (it compresses a thousandfold) took the server from 340 MB to 2.3 GB and
/// answered 500 after 9 s on the mapping page (sec62); a larger one would end the process. Excel holds at most 32,767
/// characters in a cell, so a workbook whose XML has a longer run of text than that can hold (6 bytes a character:
/// UTF-8's 4, or an escape such as <c>&amp;amp;</c>) came from no spreadsheet and is refused at upload (ADR 3323). The
/// check reads the XML once, streamed, and stops at the first such run.</summary>
public static class WorkbookText
{
    public const int MaxCellCharacters = 32_767;
    private const long MaxRunBytes = MaxCellCharacters * 6L;

    /// <summary>True when some XML part of the workbook has a run of text between tags longer than any cell holds, or the
    /// zip cannot be read. The zip is read from the stream's start (it must seek); the stream is left where it was.</summary>
    public static bool HasOverlongText(Stream workbook)
    {
        var start = workbook.Position;
        try
        {
            using var zip = new ZipArchive(workbook, ZipArchiveMode.Read, leaveOpen: true);
            var buffer = new byte[1 << 16];
            return zip.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)).Any(e => Overlong(e, buffer));
        }
        catch (InvalidDataException)
        {
            return true;
        }
        finally
        {
            workbook.Position = start;
        }
    }

    private static bool Overlong(ZipArchiveEntry entry, byte[] buffer)
    {
        using var xml = entry.Open();
        long run = 0;
        int read;
        while ((read = xml.Read(buffer)) > 0)
        {
            var rest = buffer.AsSpan(0, read);
            for (var tag = rest.IndexOf((byte)'<'); tag >= 0; tag = rest.IndexOf((byte)'<'))
            {
                if (run + tag > MaxRunBytes) return true;
                run = 0;
                rest = rest[(tag + 1)..];
            }
            run += rest.Length;
            if (run > MaxRunBytes) return true;
        }
        return false;
    }
}
