using Microsoft.EntityFrameworkCore;
using Vigil.Data;
using Vigil.Data.Linkage;
using Vigil.Data.People;
using Vigil.Web.Features.Auth;
using Vigil.Web.Features.Linkage;

namespace Vigil.Web.Features.Series;

public sealed record SeriesMember(Guid CaseId, string Reference, string? Deceased, DateTime FoundAt, string? Area, string? Setting, string Classification);

/// <summary>Something two or more of the member deaths have in common, and which of them.</summary>
public sealed record SharedTrait(string Kind, string Value, IReadOnlyList<string> References, Guid? PersonId = null);

public sealed record SeriesDecision(Guid CandidateId, string Pair, bool Confirmed, string Reason, string DecidedBy, DateTime DecidedAt);

/// <summary>An open candidate pairing a member with a death outside the series: a proposed member.</summary>
public sealed record ProposedMember(Guid CandidateId, Guid CaseId, string Reference, string? Deceased, string WithReference, double Probability, string Summary);

public sealed record SeriesProfile(LinkedSeries Series, IReadOnlyList<SeriesMember> Members, int HiddenMembers, IReadOnlyList<SharedTrait> Shared,
    IReadOnlyList<SeriesDecision> Decisions, IReadOnlyList<ProposedMember> Proposed);

/// <summary>One linked series as the reader may see it: the members they may open (others counted, never named, as
/// the case page's panel does), what those members share, the analysts' decisions with reasons, and the open
/// candidates that would add a member. Decisions and candidates are shown only when the reader may read both deaths
/// (the rule of <see cref="LinkageAccess"/>).</summary>
public sealed class SeriesProfiles(VigilDbContext db, CaseAccess access, LinkageAccess linkage)
{
    /// <summary>Null when the series does not exist or the reader may open none of its members (answered 404).</summary>
    public async Task<SeriesProfile?> LoadAsync(Guid id, CancellationToken ct)
    {
        var series = await db.Series().AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (series is null) return null;
        var memberIds = db.SeriesMembers().Where(m => m.SeriesId == id).Select(m => m.CaseId);
        var total = await memberIds.CountAsync(ct);
        var cases = await (await access.VisibleAsync(ct)).AsNoTracking().Where(c => memberIds.Contains(c.Id))
            .Include(c => c.Toxicology).OrderBy(c => c.FoundAt).ToListAsync(ct);
        if (cases.Count == 0) return null;
        var members = cases.Select(c => new SeriesMember(c.Id, c.Reference, c.Deceased.Name, c.FoundAt, c.Area, c.Setting, c.Classification)).ToList();
        var refs = cases.ToDictionary(c => c.Id, c => c.Reference);
        var shared = new List<SharedTrait>();
        shared.AddRange(await SharedPeopleAsync(refs, ct));
        shared.AddRange(Shared("substance", cases.SelectMany(c => c.Toxicology.Select(t => (c.Id, t.Substance.Trim().ToLowerInvariant()))), refs));
        shared.AddRange(Shared("scene feature", cases.SelectMany(c => c.SceneFeatureList.Select(f => (c.Id, f))), refs));
        shared.AddRange(Shared("setting", cases.Where(c => !string.IsNullOrWhiteSpace(c.Setting)).Select(c => (c.Id, c.Setting!)), refs));
        shared.AddRange(Shared("area", cases.Where(c => !string.IsNullOrWhiteSpace(c.Area)).Select(c => (c.Id, c.Area!)), refs));
        return new SeriesProfile(series, members, total - cases.Count, shared, await DecisionsAsync(refs, ct), await ProposedAsync(refs, ct));
    }

    /// <summary>People, phones and addresses that appear in two or more member deaths (phones and addresses compared by
    /// the linkage keys, so "07700 900481" and "+44 7700 900481" are one).</summary>
    private async Task<IEnumerable<SharedTrait>> SharedPeopleAsync(Dictionary<Guid, string> refs, CancellationToken ct)
    {
        var ids = refs.Keys.ToList();
        var rows = await db.CasePeople.AsNoTracking().Where(cp => ids.Contains(cp.CaseId))
            .Join(db.People, cp => cp.PersonId, p => p.Id, (cp, p) => new { cp.CaseId, cp.PersonId, p.Name, cp.Role, cp.PhoneAsWritten, cp.AddressAsWritten })
            .ToListAsync(ct);
        var people = rows.GroupBy(r => r.PersonId).Where(g => g.Select(r => r.CaseId).Distinct().Count() > 1)
            .Select(g => new SharedTrait("person", $"{g.First().Name} ({string.Join(", ", g.Select(r => r.Role).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))})",
                RefsOf(g.Select(r => r.CaseId), refs), g.Key));
        var phones = Shared("phone", rows.Where(r => !string.IsNullOrWhiteSpace(r.PhoneAsWritten)).Select(r => (r.CaseId, r.PhoneAsWritten!)), refs, s => PersonKeys.Phone(s) ?? "");
        var addresses = Shared("address", rows.Where(r => !string.IsNullOrWhiteSpace(r.AddressAsWritten)).Select(r => (r.CaseId, r.AddressAsWritten!)), refs, PersonKeys.Address);
        return people.Concat(phones).Concat(addresses).ToList();
    }

    /// <summary>Values found in two or more member deaths, grouped by <paramref name="key"/> and shown as first written.</summary>
    private static IEnumerable<SharedTrait> Shared(string kind, IEnumerable<(Guid CaseId, string Value)> values, Dictionary<Guid, string> refs, Func<string, string>? key = null) =>
        values.GroupBy(v => (key ?? (s => s))(v.Value), StringComparer.Ordinal)
            .Where(g => g.Key.Length > 0 && g.Select(v => v.CaseId).Distinct().Count() > 1)
            .OrderBy(g => g.First().Value, StringComparer.Ordinal)
            .Select(g => new SharedTrait(kind, g.First().Value, RefsOf(g.Select(v => v.CaseId), refs)));

    private static List<string> RefsOf(IEnumerable<Guid> caseIds, Dictionary<Guid, string> refs) =>
        caseIds.Distinct().Select(id => refs[id]).Order(StringComparer.Ordinal).ToList();

    private async Task<List<SeriesDecision>> DecisionsAsync(Dictionary<Guid, string> refs, CancellationToken ct)
    {
        var ids = refs.Keys.ToList();
        var rows = await db.Candidates().AsNoTracking().Where(c => ids.Contains(c.NewerCaseId) && ids.Contains(c.EarlierCaseId))
            .Join(db.Decisions(), c => c.Id, d => d.CandidateId, (c, d) => new { c.Id, c.NewerCaseId, c.EarlierCaseId, d.Confirmed, d.Reason, d.DecidedBy, d.DecidedAt })
            .ToListAsync(ct);
        return rows.OrderBy(r => r.DecidedAt)
            .Select(r => new SeriesDecision(r.Id, $"{refs[r.EarlierCaseId]} – {refs[r.NewerCaseId]}", r.Confirmed, r.Reason, r.DecidedBy, r.DecidedAt)).ToList();
    }

    private async Task<List<ProposedMember>> ProposedAsync(Dictionary<Guid, string> refs, CancellationToken ct)
    {
        var ids = refs.Keys.ToList();
        var open = await (await linkage.VisibleCandidatesAsync(ct)).AsNoTracking()
            .Where(c => c.Status == LinkStatus.Open && (ids.Contains(c.NewerCaseId) != ids.Contains(c.EarlierCaseId)))
            .OrderByDescending(c => c.Probability).Take(50).ToListAsync(ct);
        var outside = open.Select(c => ids.Contains(c.NewerCaseId) ? c.EarlierCaseId : c.NewerCaseId).Distinct().ToList();
        var names = await db.Cases.AsNoTracking().Where(c => outside.Contains(c.Id))
            .Select(c => new { c.Id, c.Reference, c.Deceased.Name }).ToDictionaryAsync(c => c.Id, ct);
        return open.Select(c =>
        {
            var (member, other) = ids.Contains(c.NewerCaseId) ? (c.NewerCaseId, c.EarlierCaseId) : (c.EarlierCaseId, c.NewerCaseId);
            return new ProposedMember(c.Id, other, names[other].Reference, names[other].Name, refs[member], c.Probability, c.Summary);
        }).ToList();
    }
}
