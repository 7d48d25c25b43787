namespace Vigil.Web.Features.Linkage.Alerts;

/// <summary>An alert's reasons are stored one per line, strongest signal first, so pages can show them as a list
/// (the first few in full, the rest behind "more") rather than as one paragraph of sentences. Alerts written before
/// this are one line and show as one reason.</summary>
public static class AlertReasons
{
    /// <summary>How many reasons a list shows before the rest go behind "more".</summary>
    public const int Shown = 3;

    public static string Join(IEnumerable<string> reasons) =>
        string.Join('\n', reasons.Select(r => r.Trim()).Where(r => r.Length > 0));

    public static IReadOnlyList<string> Split(string? stored) =>
        string.IsNullOrWhiteSpace(stored) ? [] : stored.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
