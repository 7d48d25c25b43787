namespace Vigil.Web.Features.Shared;

/// <summary>Text written into a CSV cell for a spreadsheet. A cell starting with = + - @ (or a tab or carriage return,
/// which some spreadsheets skip before one) is a formula to Excel and LibreOffice, and a name, cause or rationale typed
/// by an officer or brought in by an import could run one on the machine of whoever opens the export (OWASP "CSV
/// injection"). Such a cell is written with a leading apostrophe, which the spreadsheet reads as "this is text" (ADR 3014).
/// Numbers and times Vigil formats itself are written as they are.</summary>
public static class SpreadsheetText
{
    public static string Cell(string? value) =>
        string.IsNullOrEmpty(value) ? "" : value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
}
