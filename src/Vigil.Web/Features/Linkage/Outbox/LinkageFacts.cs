using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Vigil.Web.Features.Linkage.Outbox;

/// <summary>What the linkage engine reads of a case, and a fingerprint of it kept on the case row (ADR 3205): an edit or
/// a re-import that leaves every one of these facts as it was when the case was last queued writes no outbox row, so
/// the worker does not compare the death with the whole store again to find what it found before.</summary>
/// <remarks>The engine sees a case only through <c>LinkageEngine.ToRecord</c> (the record of
/// <see cref="CaseRecordMapper.ToRecord"/> with <see cref="MergedNames"/>) and <c>FeatureExtractor.Extract</c>; the
/// explanations, series reasons and alert sentences it stores are made from what Extract returns, and the comparison
/// page shows everything else of the two deaths live. So a fact Extract does not read can change nothing an analyst
/// reads as the engine's. Start reading a field in Extract and it moves from <see cref="NotRead"/> to <see cref="Read"/>,
/// is added to <see cref="Fingerprint"/>, and <see cref="Version"/> goes up, so every case is compared once more at its
/// next save; <c>LinkageFactsTests</c> fails on a field of the format in neither list.</remarks>
public static class LinkageFacts
{
    /// <summary>Fields of death-record v1 (as <see cref="DeathRecordValidator"/> names them, "[]" for every item) whose
    /// change queues the death for a comparison.</summary>
    public static readonly IReadOnlySet<string> Read = Set(
        "found_at", "location.lat", "location.lon", "location.setting", "location.area", "deceased.sex", "deceased.age",
        "position", "scene_features", "toxicology[].substance", "cause_of_death", "manner",
        // The name compared is the register's after a merge (MergedNames); the date of birth is the register entry's.
        "people[].role", "people[].name", "people[].dob", "people[].phone");

    /// <summary>Fields the engine never reads: a change to them alone is not compared again. (ref and source: an edit
    /// keeps the case's own, and the engine knows the case by its id; classification: an edit never changes the category.)</summary>
    public static readonly IReadOnlySet<string> NotRead = Set(
        "ref", "source", "reported_at", "location.description", "location.address", "deceased.name", "deceased.dob",
        "deceased.home_area", "deceased.occupation", "deceased.address", "narrative", "toxicology[].concentration_mg_l",
        "classification", "people[].address", "exhibits[].type", "exhibits[].description", "exhibits[].tested",
        // Fields the format does not know, kept for export.
        "extra");

    /// <summary>The fingerprint's length: the first 128 bits of a SHA-256, in hex.</summary>
    public const int Length = 32;

    /// <summary>Goes up when <see cref="Fingerprint"/> reads more (or differently): every stored fingerprint then differs.</summary>
    private const byte Version = 1;

    /// <summary>The fingerprint of what the engine would read of the case as it stands; null when that cannot be told
    /// here (an appearance whose register entry is not loaded: the engine reads its name and date of birth there), which
    /// queues the case as before. People and results are taken as sets: the store gives them back in no fixed order,
    /// and the engine's features do not depend on it.</summary>
    public static string? Fingerprint(DeathCase c)
    {
        if (c.People.Any(p => p.Person is null)) return null;
        var w = new ArrayBufferWriter<byte>(256);
        w.Write([Version]);
        Long(w, c.FoundAt.Ticks);
        Long(w, BitConverter.DoubleToInt64Bits(c.Latitude));
        Long(w, BitConverter.DoubleToInt64Bits(c.Longitude));
        Text(w, c.Setting);
        Text(w, c.Area);
        Text(w, c.Deceased.Sex);
        Long(w, c.Deceased.Age ?? long.MinValue);
        Text(w, c.Position);
        Text(w, c.SceneFeatures);
        Text(w, c.CauseOfDeath);
        Text(w, c.Manner);
        var substances = c.Toxicology.Select(t => t.Substance).Order(StringComparer.Ordinal).ToList();
        Long(w, substances.Count);
        foreach (var s in substances) Text(w, s);
        var people = c.People.Select(p => (p.Role, Name: MergedNames.NameOf(p), p.PhoneAsWritten, Dob: p.Person!.DateOfBirth?.DayNumber ?? int.MinValue))
            .OrderBy(p => p.Role, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.PhoneAsWritten, StringComparer.Ordinal).ThenBy(p => p.Dob).ToList();
        Long(w, people.Count);
        foreach (var p in people)
        {
            Text(w, p.Role);
            Text(w, p.Name);
            Text(w, p.PhoneAsWritten);
            Long(w, p.Dob);
        }
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(w.WrittenSpan, hash);
        return Convert.ToHexStringLower(hash[..(Length / 2)]);
    }

    private static void Long(ArrayBufferWriter<byte> w, long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(w.GetSpan(8), value);
        w.Advance(8);
    }

    /// <summary>Length-prefixed, and null apart from "": no two different lists of values write the same bytes.</summary>
    private static void Text(ArrayBufferWriter<byte> w, string? value)
    {
        if (value is null)
        {
            Long(w, -1);
            return;
        }
        Long(w, Encoding.UTF8.GetByteCount(value));
        w.Advance(Encoding.UTF8.GetBytes(value, w.GetSpan(Encoding.UTF8.GetMaxByteCount(value.Length))));
    }

    private static HashSet<string> Set(params string[] fields) => new(fields, StringComparer.Ordinal);
}
