namespace Vigil.Web.Features.Import.Mapping;

/// <summary>Something wrong with one cell or field of a row. An error rejects the row; a warning is reported and the row imports.</summary>
public sealed record RowProblem(string? Column, string Field, string Message, bool IsError);

/// <summary>A spreadsheet row as a death record (when its required fields could be read) and every problem found.</summary>
/// <param name="Draft">What the row gave, with stand-ins for missing required fields: for showing a rejected row.</param>
public sealed record MappedRow(int Line, DeathRecord? Record, IReadOnlyList<RowProblem> Problems, DeathRecord? Draft = null)
{
    public bool IsValid => Record is not null && !Problems.Any(p => p.IsError);

    /// <summary>The row in the import service's terms: the same rejections and warnings as a JSON line.</summary>
    public ParsedLine ToParsedLine() => IsValid
        ? new ParsedLine(Line, Record, null, Problems.Select(Describe).ToList())
        : new ParsedLine(Line, null, string.Join("; ", Problems.Where(p => p.IsError).Select(Describe)), []);

    public static string Describe(RowProblem p) => p.Column is null ? p.Message : $"column '{p.Column}': {p.Message}";
}
