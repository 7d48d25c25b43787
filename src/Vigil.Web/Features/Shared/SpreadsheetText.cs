using System.Buffers;

namespace Vigil.Web.Features.Shared;

/// <summary>Text written into a CSV cell for a spreadsheet. A cell starting with = + - @ (or a tab or carriage return,
/// which some spreadsheets skip before one) is a formula to Excel and LibreOffice, and a name, cause or rationale typed
/// by an officer or brought in by an import could run one on the machine of whoever opens the export (OWASP "CSV
/// injection"). Such a cell is written with a leading apostrophe, which the spreadsheet reads as "this is text" (ADR 3014).
/// The sign is looked for after any leading white space too, and in its full-width form (＝ ＋ － ＠, typed by East
/// Asian keyboards), which some spreadsheets read as the same sign. Numbers and times Vigil formats itself are written
/// as they are.</summary>
public static class SpreadsheetText
{
    private static readonly SearchValues<char> FormulaSigns = SearchValues.Create("=+-@\t\r\uff1d\uff0b\uff0d\uff20");

    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        var text = value.AsSpan().TrimStart();
        return FormulaSigns.Contains(value[0]) || (text.Length > 0 && FormulaSigns.Contains(text[0])) ? "'" + value : value;
    }
}
