using Vigil.Web.Features.Linkage;

namespace Vigil.Web.Features.Chart;

/// <summary>One hop from a node of the link chart, inside the reader's scope: a death to its people (role on the edge),
/// the phones and addresses they gave, its place and its series; a person, phone or address to the deaths and people
/// it connects; a place to its newest deaths; a series to its members. Deaths the reader may not see are never
/// nodes: a node says how many it leads to ("hidden"), as the linked-series panel does.</summary>
public sealed class ChartQueries(VigilDbContext db, Linkage.Series.SeriesDossiers series)
{
    public const int PlaceLimit = 50;

    public async Task<ChartData?> ExpandAsync(string node, IQueryable<DeathCase> visible, CancellationToken ct)
    {
        var parts = node.Split(':', 2);
        if (parts.Length != 2) return null;
        var b = new ChartBuilder();
        var ok = parts[0] switch
        {
            "c" when Guid.TryParse(parts[1], out var id) => await CaseAsync(b, id, visible, ct),
            "p" when Guid.TryParse(parts[1], out var id) => await AppearancesAsync(b, visible, db.CasePeople.Where(cp => cp.PersonId == id), ct),
            "t" when Guid.TryParse(parts[1], out var id) => await AppearancesAsync(b, visible, db.CasePeople.Where(cp => cp.PhoneId == id), ct),
            "a" when Guid.TryParse(parts[1], out var id) => await AppearancesAsync(b, visible, db.CasePeople.Where(cp => cp.AddressId == id), ct),
            "x" => await PlaceAsync(b, parts[1], visible, ct),
            "s" when Guid.TryParse(parts[1], out var id) => await SeriesAsync(b, id, visible, ct),
            _ => false,
        };
        return ok ? b.Build() : null;
    }

    private async Task<bool> CaseAsync(ChartBuilder b, Guid id, IQueryable<DeathCase> visible, CancellationToken ct)
    {
        var c = await visible.AsNoTracking().Where(x => x.Id == id).Select(x => new { x.Id, x.Reference, x.Deceased.Name, x.Area }).FirstOrDefaultAsync(ct);
        if (c is null) return false;
        var caseNode = b.Node(ChartKinds.Case, c.Id.ToString(), $"{c.Reference}\n{c.Name ?? "name not recorded"}", $"/cases/{c.Id}");
        if (c.Area is { } area) b.Edge(caseNode, b.Node(ChartKinds.Place, area, area, $"/map?area={Uri.EscapeDataString(area)}"), "found in");
        await AppearancesAsync(b, visible, db.CasePeople.Where(cp => cp.CaseId == id), ct);
        // Only a series the reader may know the death in (an engine's proposal is the queue's business: ADR 2802).
        var memberships = await db.SeriesMembers().AsNoTracking().Where(m => m.CaseId == id)
            .Join(db.Series(), m => m.SeriesId, s => s.Id, (m, s) => new { s.Id, s.Reference }).ToListAsync(ct);
        foreach (var membership in memberships)
            if (await series.MembersShownAsync(membership.Id, ct) is { } shown && await shown.ContainsAsync(id, ct))
            {
                b.Edge(caseNode, b.Node(ChartKinds.Series, membership.Id.ToString(), membership.Reference, $"/series/{membership.Id}"), "member");
                break;
            }
        return true;
    }

    /// <summary>Appearances (person in a death) as person–case edges with the role, plus the phone and address given.</summary>
    private async Task<bool> AppearancesAsync(ChartBuilder b, IQueryable<DeathCase> visible, IQueryable<Data.People.CasePerson> appearances, CancellationToken ct)
    {
        var rows = await appearances.AsNoTracking().Join(visible, cp => cp.CaseId, c => c.Id, (cp, c) => new
        {
            cp.PersonId, PersonName = cp.Person!.Name, cp.Role, c.Id, c.Reference, c.Deceased.Name, cp.PhoneId, Phone = cp.Phone!.Number, cp.AddressId, Address = cp.Address!.Text,
        }).Take(500).ToListAsync(ct);
        var total = await appearances.Select(cp => cp.CaseId).Distinct().CountAsync(ct);
        var hidden = total - rows.Select(r => r.Id).Distinct().Count();
        if (rows.Count == 0 && hidden == 0) return false;
        foreach (var r in rows)
        {
            var person = b.Node(ChartKinds.Person, r.PersonId.ToString(), r.PersonName, $"/people/{r.PersonId}");
            b.Edge(person, b.Node(ChartKinds.Case, r.Id.ToString(), $"{r.Reference}\n{r.Name ?? "name not recorded"}", $"/cases/{r.Id}"), r.Role);
            if (r.PhoneId is { } phone) b.Edge(person, b.Node(ChartKinds.Phone, phone.ToString(), r.Phone, $"/search?q={Uri.EscapeDataString(r.Phone)}"), "gave");
            if (r.AddressId is { } address) b.Edge(person, b.Node(ChartKinds.Address, address.ToString(), r.Address, $"/search?q={Uri.EscapeDataString(r.Address)}"), "gave");
        }
        if (hidden > 0) b.Notes.Add($"{Plural.Count(hidden, "further death held by other teams is", "further deaths held by other teams are")} not shown.");
        return rows.Count > 0;
    }

    private async Task<bool> PlaceAsync(ChartBuilder b, string area, IQueryable<DeathCase> visible, CancellationToken ct)
    {
        var cases = await visible.AsNoTracking().Where(c => c.Area == area).OrderByDescending(c => c.FoundAt).Take(PlaceLimit + 1)
            .Select(c => new { c.Id, c.Reference, c.Deceased.Name }).ToListAsync(ct);
        if (cases.Count == 0) return false;
        var place = b.Node(ChartKinds.Place, area, area, $"/map?area={Uri.EscapeDataString(area)}");
        foreach (var c in cases.Take(PlaceLimit)) b.Edge(b.Node(ChartKinds.Case, c.Id.ToString(), $"{c.Reference}\n{c.Name ?? "name not recorded"}", $"/cases/{c.Id}"), place, "found in");
        if (cases.Count > PlaceLimit) b.Notes.Add($"Only the newest {PlaceLimit} deaths in {area} are shown.");
        return true;
    }

    private async Task<bool> SeriesAsync(ChartBuilder b, Guid id, IQueryable<DeathCase> visible, CancellationToken ct)
    {
        var found = await db.Series().AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (found is null || await series.MembersShownAsync(id, ct) is not { } members) return false;
        var shown = await visible.AsNoTracking().Where(c => members.Contains(c.Id)).Select(c => new { c.Id, c.Reference, c.Deceased.Name }).ToListAsync(ct);
        if (shown.Count == 0) return false;
        var hidden = await members.CountAsync(ct) - shown.Count;
        var node = b.Node(ChartKinds.Series, id.ToString(), found.Reference, $"/series/{id}", hidden);
        foreach (var c in shown) b.Edge(b.Node(ChartKinds.Case, c.Id.ToString(), $"{c.Reference}\n{c.Name ?? "name not recorded"}", $"/cases/{c.Id}"), node, "member");
        if (hidden > 0) b.Notes.Add($"{Plural.Count(hidden, "death", "deaths")} in {found.Reference} {(hidden == 1 ? "is" : "are")} held by other teams and not shown.");
        return true;
    }
}
