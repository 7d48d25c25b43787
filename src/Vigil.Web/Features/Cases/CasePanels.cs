namespace Vigil.Web.Features.Cases;

/// <summary>Sections other capabilities add to the case page (actions, decisions, linkage, family) without the
/// case page knowing them: each registers a partial view that takes the <see cref="Vigil.Data.Cases.DeathCase"/>.</summary>
public static class CasePanels
{
    private static readonly List<(int Order, string Partial)> Panels = [];

    public static void Register(string partialPath, int order = 100)
    {
        lock (Panels)
        {
            if (Panels.Any(p => p.Partial == partialPath)) return;
            Panels.Add((order, partialPath));
            Panels.Sort((a, b) => a.Order.CompareTo(b.Order));
        }
    }

    public static IReadOnlyList<string> All
    {
        get { lock (Panels) return Panels.Select(p => p.Partial).ToList(); }
    }
}
