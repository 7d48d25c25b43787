using System.Text;

namespace Vigil.Web.Features.Enquiries.Decisions;

/// <summary>The decision log as RFC 4180 CSV, for disclosure bundles and reviews outside Vigil.</summary>
public static class DecisionCsv
{
    private static readonly string[] Header = ["sequence", "at_utc", "kind", "from", "to", "rationale", "facts_relied_on", "decided_by", "role", "blocked_by", "signs"];

    public static string Write(IEnumerable<CaseDecision> decisions)
    {
        var sb = new StringBuilder().AppendJoin(',', Header).Append("\r\n");
        foreach (var d in decisions)
            sb.AppendJoin(',', new[]
            {
                d.Sequence.ToString(CultureInfo.InvariantCulture), d.At.ToString("O", CultureInfo.InvariantCulture), d.Kind, d.FromCategory, d.ToCategory,
                d.Rationale, d.FactsReliedOn, d.DecidedBy, d.DecidedByRole, d.BlockedBy, d.SignsDecisionId?.ToString(),
            }.Select(Field)).Append("\r\n");
        return sb.ToString();
    }

    /// <summary>Quotes when needed; a cell a spreadsheet would run as a formula is written as text (<see cref="SpreadsheetText"/>).</summary>
    private static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        value = SpreadsheetText.Cell(value);
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
