using Vigil.Linkage.Features;
using Vigil.Linkage.Normalisation;

namespace Vigil.Linkage.Surveillance;

/// <summary>Identity recurrence: is a person in a new death, known by more than a name — the same phone, or a compatible
/// name with the same date of birth — someone in an earlier death? Names alone collide (the bench's name pools, and any
/// city's "John Smith"); a name with a date of birth or a phone almost never does. Whether such a recurrence is
/// ordinary depends on the pair of roles, and that is learnt from the force's own history, never from a list: a carer
/// or a neighbour who finds bodies recurs in the same role all the time, while a person who was next of kin in one
/// death and present at another is rare (London 2012–16: 0 such recurrences between unrelated deaths; ADR 1391).
/// Expected counts are the share of earlier mentions in the new role that recurred in the earlier role, shrunk towards
/// the share over all roles; across roles a person's recurrences count once per pair of roles (ADR 1642), so an offender
/// barely moves them and one regular finder recorded once in another role does not move them for everyone.</summary>
internal sealed class IdentitySignals(IReadOnlyList<LinkageRecord> records, SurveillanceOptions options)
{
    private readonly Dictionary<int, List<(int Id, int Person)>> _byDob = [];
    private readonly Dictionary<int, List<(int Id, int Person)>> _byPhone = [];
    private readonly HashSet<int> _removed = [];
    // Per pair of roles, how many mentions in the newer role had been someone in the earlier role.
    private readonly Dictionary<(string Earlier, string Newer), double> _recurred = [];
    private readonly Dictionary<string, double> _mentions = new(StringComparer.Ordinal);
    // The same over all pairs of the same role, and over all pairs of different roles.
    private double _sameRecurred, _otherRecurred, _allMentions;
    // Who has already counted as recurring across each pair of roles (by phone, else by date of birth and surname).
    private readonly HashSet<((int Phone, int Dob, int Surname) Person, string Earlier, string Newer)> _recurredAcross = [];

    /// <summary>The identity signals of <paramref name="r"/>'s people against the deaths indexed so far.</summary>
    public void Find(LinkageRecord r, List<Signal> into)
    {
        for (var i = 0; i < r.People.Length; i++)
        {
            var p = r.People[i];
            foreach (var (role, members, byPhone) in Matches(r, p))
            {
                // The surprise is that this person recurs at all across these roles, not how often: a regular finder's
                // twentieth body is no news, and counts within a role are the person signals' question.
                var share = Share(role, p.Role);
                var surprise = Math.Min(CountSurprise.Cap, -Math.Log(share));
                if (surprise < options.MinSurprise) continue;
                into.Add(new Signal(SignalKind.Identity, Locality.Force, options.PersonForceWindowDays, members.Count + 1, share,
                    surprise, members, Person: i, Identity: new IdentityMatch(role, byPhone)));
            }
        }
    }

    /// <summary>Indexes a death and learns from it which roles' people recurred (once per mention and earlier role).
    /// Its people are posted only after all of them are matched: two people of one death with the same phone (a
    /// household's landline) or date of birth would otherwise find each other's posting, of a death not yet indexed
    /// (round 52: the demo's people given dates of birth threw here).</summary>
    public void Add(LinkageRecord r, int id)
    {
        for (var i = 0; i < r.People.Length; i++)
        {
            var p = r.People[i];
            if (!HasIdentity(p)) continue;
            foreach (var (role, _, _) in Matches(r, p))
            {
                // Across roles, a person counts once per pair of roles, however often they recur in it (ADR 1642): a regular
                // finder recorded once as the caller made each of their later finds a recurrence across roles, and the
                // share of all such pairs rose until a next of kin present at a later death no longer stood out.
                if (role != p.Role && !_recurredAcross.Add((PersonKey(p), role, p.Role))) continue;
                _recurred[(role, p.Role)] = _recurred.GetValueOrDefault((role, p.Role)) + 1;
                if (role == p.Role) _sameRecurred++;
                else _otherRecurred++;
            }
            _mentions[p.Role] = _mentions.GetValueOrDefault(p.Role) + 1;
            _allMentions++;
        }
        for (var i = 0; i < r.People.Length; i++)
        {
            var p = r.People[i];
            if (!HasIdentity(p)) continue;
            if (p.Dob != PersonFeature.NoDob && p.Name is not null) Posting(_byDob, p.Dob).Add((id, i));
            if (p.PhoneKey >= 0) Posting(_byPhone, p.PhoneKey).Add((id, i));
        }
    }

    public void Remove(int id) => _removed.Add(id);

    /// <summary>What has been learnt, one line per pair of roles and per kind of pair (for diagnosis and the docs).</summary>
    public IEnumerable<string> Describe()
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        yield return string.Create(inv, $"identity mentions={_allMentions} same-role share={_sameRecurred / Math.Max(1, _allMentions):G3} other-role share={_otherRecurred / Math.Max(1, _allMentions):G3}");
        foreach (var ((earlier, newer), n) in _recurred.OrderByDescending(x => x.Value))
            yield return string.Create(inv, $"identity {earlier} -> {newer}: {n} of {_mentions.GetValueOrDefault(newer)} mentions");
    }

    /// <summary>The share of mentions in <paramref name="newer"/>'s role whose person had been, by identity, someone in
    /// <paramref name="earlier"/>'s role in an earlier death: the role pair's own share so far, shrunk towards the share
    /// of all pairs of the same kind — one role twice, or two different roles — so that a pair of roles the history has
    /// barely seen is judged by how people recur across roles in general.</summary>
    internal double Share(string earlier, string newer)
    {
        var a = options.IdentityPrior;
        var same = earlier == newer;
        var start = same ? options.IdentitySameRoleShare : options.IdentityOtherRoleShare;
        var pooled = ((same ? _sameRecurred : _otherRecurred) + a * start) / (_allMentions + a);
        return (_recurred.GetValueOrDefault((earlier, newer)) + a * pooled) / (_mentions.GetValueOrDefault(newer) + a);
    }

    /// <summary>One key per person as identity matching knows them: the phone when written, else the date of birth with the
    /// surname (names that match only as initials and nicknames may count apart, which only errs towards counting more).</summary>
    private static (int Phone, int Dob, int Surname) PersonKey(PersonFeature p) =>
        p.PhoneKey >= 0 ? (p.PhoneKey, PersonFeature.NoDob, -1) : (-1, p.Dob, p.SurnameKey);

    private static bool HasIdentity(PersonFeature p) => p.PhoneKey >= 0 || (p.Dob != PersonFeature.NoDob && p.Name is not null);

    /// <summary>Earlier live deaths in the force window in which <paramref name="p"/> is, by identity, grouped by the
    /// role they had there; a death counts once per role.</summary>
    private IEnumerable<(string Role, List<int> Members, bool ByPhone)> Matches(LinkageRecord r, PersonFeature p)
    {
        if (!HasIdentity(p)) yield break;
        var from = r.Days - options.PersonForceWindowDays;
        var found = new Dictionary<string, (List<int> Members, bool ByPhone)>(StringComparer.Ordinal);
        Collect(r, p, from, p.PhoneKey >= 0 ? _byPhone.GetValueOrDefault(p.PhoneKey) : null, byPhone: true, found);
        Collect(r, p, from, p.Dob != PersonFeature.NoDob && p.Name is not null ? _byDob.GetValueOrDefault(p.Dob) : null, byPhone: false, found);
        foreach (var (role, (members, byPhone)) in found) yield return (role, members, byPhone);
    }

    private void Collect(LinkageRecord r, PersonFeature p, double from, List<(int Id, int Person)>? postings, bool byPhone,
        Dictionary<string, (List<int> Members, bool ByPhone)> found)
    {
        if (postings is null) return;
        for (var k = postings.Count - 1; k >= 0; k--)
        {
            var (id, person) = postings[k];
            var earlier = records[id];
            if (earlier.Days < from) break;
            if (_removed.Contains(id) || string.Equals(earlier.Ref, r.Ref, StringComparison.Ordinal)) continue;
            var q = earlier.People[person];
            if (!SamePerson(p, q, byPhone)) continue;
            if (!found.TryGetValue(q.Role, out var entry)) found[q.Role] = entry = ([], byPhone);
            if (!entry.Members.Contains(id)) entry.Members.Add(id);
        }
    }

    /// <summary>The same phone is the same person unless the names or dates of birth say otherwise (a household's
    /// landline); the same date of birth needs a compatible name (initials, nicknames and one typo allowed).</summary>
    internal static bool SamePerson(PersonFeature a, PersonFeature b, bool byPhone)
    {
        if (a.Dob != PersonFeature.NoDob && b.Dob != PersonFeature.NoDob && a.Dob != b.Dob) return false;
        var names = a.Name is { } na && b.Name is { } nb ? PersonName.Compare(na, nb) : (NameAgreement?)null;
        var compatible = names is NameAgreement.Full or NameAgreement.InitialAndSurname;
        return byPhone ? a.PhoneKey == b.PhoneKey && (names is null || compatible) : a.Dob == b.Dob && compatible;
    }

    private static List<(int, int)> Posting(Dictionary<int, List<(int, int)>> postings, int key)
    {
        if (!postings.TryGetValue(key, out var list)) postings[key] = list = [];
        return list;
    }
}
