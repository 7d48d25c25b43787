using System.Globalization;
using Vigil.Linkage.Features;
using Vigil.Linkage.Index;
using Vigil.Linkage.Surveillance;

/// <summary>One line per person signal (surprise ≥ 5) for the round-7 diagnosis: who produces the surprises, how far
/// into the replay, with which roles in the deaths counted, and whether the deaths counted are the same series.</summary>
internal static class PersonDump
{
    public static void Write(TextWriter w, LinkageIndex index, LinkageRecord r, DeathAssessment assessment, string? series,
        List<string>? members, Dictionary<string, string>? kinds)
    {
        foreach (var s in assessment.Signals)
        {
            if (s.Kind is not (SignalKind.Person or SignalKind.Identity) || s.Surprise < 5 || s.Person < 0) continue;
            var p = r.People[s.Person];
            var roles = s.Members.Select(m => index.Records[m].People.FirstOrDefault(q => PersonSignalsAccess.Compatible(p, q))?.Role ?? "?");
            var same = members is null ? 0 : s.Members.Count(m => members.Contains(index.Records[m].Ref));
            var areas = s.Members.Select(m => index.Records[m].Area).Distinct().Count();
            w.WriteLine(string.Join('\t', r.Ref, series ?? "-", series is null ? "-" : kinds?.GetValueOrDefault(series) ?? "?",
                index.Count.ToString(CultureInfo.InvariantCulture), r.Kind, p.Role, p.DisplayName ?? "", p.PhoneKey >= 0 ? "phone" : "",
                s.Identity is { } id ? $"identity:{id.EarlierRole}:{(id.ByPhone ? "phone" : "dob")}" : s.Locality.ToString(), s.WindowDays.ToString(CultureInfo.InvariantCulture), s.Observed.ToString(CultureInfo.InvariantCulture),
                s.Expected.ToString("0.0000", CultureInfo.InvariantCulture), s.Surprise.ToString("0.00", CultureInfo.InvariantCulture),
                same.ToString(CultureInfo.InvariantCulture), areas.ToString(CultureInfo.InvariantCulture), string.Join(',', roles)));
        }
    }
}

internal static class PersonSignalsAccess
{
    public static bool Compatible(PersonFeature a, PersonFeature b) => PersonSignals.Compatible(a, b);
}
