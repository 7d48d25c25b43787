using Vigil.Data.People;
using Vigil.Web.Features.Linkage;
using Vigil.Web.Features.Search;

namespace Vigil.Web.Features.People;

public sealed record Appearance(Guid Id, Guid CaseId, string Reference, string? Deceased, string Role, DateTime FoundAt, string? Area,
    string? NameAsWritten, string? Phone, string? Address, Guid? SeriesId, string? SeriesReference);

public sealed record Associate(Guid PersonId, string Name, IReadOnlyList<string> Roles, int SharedDeaths);

public sealed record PossibleSame(Guid PersonId, string Name, string Detail);

public sealed record PersonProfile(Person Person, IReadOnlyList<Appearance> Appearances, int HiddenDeaths, IReadOnlyList<string> Phones,
    IReadOnlyList<string> Addresses, IReadOnlyList<Associate> Associates, IReadOnlyList<PersonChange> Changes, IReadOnlyList<PossibleSame> PossibleSame);

/// <summary>Everything the reader may see about one person: every death they appear in (role, date, area, series),
/// what they gave (phones, addresses), who else appears in those deaths, and how many further deaths in other
/// teams' hands they appear in — counted, never named, as the linked-series panel does.</summary>
public sealed class PersonProfiles(VigilDbContext db, CaseAccess access, SearchService search, LinkageAccess linkage)
{
    /// <summary>Null when the person does not exist or appears in no death the reader may see (answered 404).</summary>
    public async Task<PersonProfile?> LoadAsync(Guid id, CancellationToken ct)
    {
        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (person is null) return null;
        var scope = await access.ScopeAsync(ct);
        var visible = CaseAccess.Visible(db, scope);
        var all = await db.CasePeople.AsNoTracking().Where(cp => cp.PersonId == id).Select(cp => cp.CaseId).Distinct().ToListAsync(ct);
        var rows = await db.CasePeople.AsNoTracking().Where(cp => cp.PersonId == id)
            .Join(visible, cp => cp.CaseId, c => c.Id, (cp, c) => new { cp.Id, c.Reference, Deceased = c.Deceased.Name, cp.CaseId, cp.Role, c.FoundAt, c.Area, cp.NameAsWritten, cp.PhoneAsWritten, cp.AddressAsWritten })
            .ToListAsync(ct);
        if (rows.Count == 0 && person.MergedIntoId is null) return null;
        var caseIds = rows.Select(r => r.CaseId).Distinct().ToList();
        var series = await SeriesOfAsync(caseIds, ct);
        var appearances = rows.OrderBy(r => r.FoundAt).Select(r => new Appearance(r.Id, r.CaseId, r.Reference, r.Deceased, r.Role, r.FoundAt, r.Area,
            r.NameAsWritten, r.PhoneAsWritten, r.AddressAsWritten, series.GetValueOrDefault(r.CaseId).Id, series.GetValueOrDefault(r.CaseId).Reference)).ToList();
        var phones = rows.Where(r => !string.IsNullOrWhiteSpace(r.PhoneAsWritten)).GroupBy(r => PersonKeys.Phone(r.PhoneAsWritten)).Select(g => g.First().PhoneAsWritten!).ToList();
        var addresses = rows.Where(r => !string.IsNullOrWhiteSpace(r.AddressAsWritten)).GroupBy(r => PersonKeys.Address(r.AddressAsWritten!)).Select(g => g.First().AddressAsWritten!).ToList();
        var changes = await db.PersonChanges.AsNoTracking().Where(c => c.PersonId == id || c.OtherPersonId == id).OrderBy(c => c.At).ToListAsync(ct);
        await WithholdReasonsAsync(changes, scope, ct);
        return new PersonProfile(person, appearances, all.Count - caseIds.Count, phones, addresses, await AssociatesAsync(id, caseIds, ct), changes,
            await PossibleSameAsync(person, scope, ct));
    }

    /// <summary>In place of an analyst's reason for a merge or split that moved an appearance the reader may not read.</summary>
    public const string WithheldReason = "reason withheld: it concerns a death outside your access";

    /// <summary>A merge's or split's reason is the analyst's words about the appearances it moved, which may speak of deaths
    /// the reader may not read: kept only when the reader may read every one (ADR 2906). An appearance no longer on record
    /// counts as unreadable. The rows are untracked copies, never saved.</summary>
    private async Task WithholdReasonsAsync(List<PersonChange> changes, CaseScope scope, CancellationToken ct)
    {
        if (scope.ReadAll || changes.Count == 0) return;
        var moved = changes.ToDictionary(c => c.Id, c => c.Appearances.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(a => Guid.TryParse(a, out var g) ? g : Guid.Empty).ToList());
        var all = moved.Values.SelectMany(a => a).Where(a => a != Guid.Empty).Distinct().ToList();
        var readable = new HashSet<Guid>();
        foreach (var chunk in all.Chunk(500))
            readable.UnionWith(await db.CasePeople.AsNoTracking().Where(cp => chunk.Contains(cp.Id))
                .Join(CaseAccess.Visible(db, scope), cp => cp.CaseId, c => c.Id, (cp, _) => cp.Id).ToListAsync(ct));
        foreach (var c in changes.Where(c => !moved[c.Id].All(readable.Contains)))
            c.Reason = WithheldReason;
    }

    /// <summary>The series each death is in, named only when the series page answers the reader (ADR 2903); a confirmed
    /// membership before a proposal.</summary>
    private async Task<Dictionary<Guid, (Guid? Id, string? Reference)>> SeriesOfAsync(List<Guid> caseIds, CancellationToken ct)
    {
        var rows = await db.SeriesMembers().AsNoTracking().Where(m => caseIds.Contains(m.CaseId) && m.Status != MemberStatus.Rejected)
            .Join(db.Series(), m => m.SeriesId, s => s.Id, (m, s) => new { m.CaseId, s.Id, s.Reference, m.Status }).ToListAsync(ct);
        var answered = await linkage.AnsweredSeriesAsync([.. rows.Select(x => x.Id).Distinct()], ct);
        return rows.Where(x => answered.Contains(x.Id)).GroupBy(x => x.CaseId)
            .ToDictionary(g => g.Key, g => g.OrderBy(x => x.Status == MemberStatus.Confirmed ? 0 : 1).Select(x => ((Guid?)x.Id, (string?)x.Reference)).First());
    }

    private async Task<List<Associate>> AssociatesAsync(Guid id, List<Guid> caseIds, CancellationToken ct)
    {
        var rows = await db.CasePeople.AsNoTracking().Where(cp => caseIds.Contains(cp.CaseId) && cp.PersonId != id)
            .Join(db.People, cp => cp.PersonId, p => p.Id, (cp, p) => new { cp.PersonId, p.Name, cp.Role, cp.CaseId }).ToListAsync(ct);
        return rows.GroupBy(r => r.PersonId)
            .Select(g => new Associate(g.Key, g.First().Name, g.Select(r => r.Role).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(), g.Select(r => r.CaseId).Distinct().Count()))
            .OrderByDescending(a => a.SharedDeaths).ThenBy(a => a.Name, StringComparer.Ordinal).Take(100).ToList();
    }

    /// <summary>Other records whose name the search (the linkage normalisers: initials, nicknames, one typo) finds for
    /// this person's name: what an analyst considers merging.</summary>
    private async Task<List<PossibleSame>> PossibleSameAsync(Person person, CaseScope scope, CancellationToken ct)
    {
        var plan = new SearchPlan(person.Name);
        if (plan.NameClauses is null) return [];
        var docs = await search.FindAsync(plan.NameClauses, scope, ct);
        var others = docs.Where(d => d.Kind == Data.Search.SearchKinds.Person && d.TargetId != person.Id && plan.NameRank(SearchService.NameOf(d)) is not null)
            .GroupBy(d => d.TargetId).Take(10).ToList();
        var ids = others.Select(g => g.Key).ToList();
        var names = await db.People.AsNoTracking().Where(p => ids.Contains(p.Id) && p.MergedIntoId == null).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        return others.Where(g => names.ContainsKey(g.Key))
            .Select(g => new PossibleSame(g.Key, names[g.Key], $"{string.Join(", ", g.Select(d => d.Title).Distinct().Take(3))} · {Plural.Count(g.Select(d => d.CaseId).Distinct().Count(), "death", "deaths")}")).ToList();
    }
}
