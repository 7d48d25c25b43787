using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Vigil.Linkage.Normalisation;

namespace Vigil.Linkage.Tests;

public class NormalisationTests
{
    [Theory]
    [InlineData("Stephen Jones", "JONES, Stephen")]
    [InlineData("Steve Jones", "Stephen Jones")]
    [InlineData("Stephen Jnoes", "stephen jones")]
    [InlineData("Babs Wright", "Barbara Wright")]
    public void SameNameWrittenDifferently_AgreesFully(string a, string b) =>
        Assert.Equal(NameAgreement.Full, PersonName.Compare(PersonName.Parse(a)!.Value, PersonName.Parse(b)!.Value));

    [Fact]
    public void Initial_AgreesOnInitialAndSurname() =>
        Assert.Equal(NameAgreement.InitialAndSurname, PersonName.Compare(PersonName.Parse("S. Jones")!.Value, PersonName.Parse("Stephen Jones")!.Value));

    [Theory]
    [InlineData("Stephen Jones", "Mary Jones")]
    [InlineData("Stephen Jones", "Stephen Patel")]
    [InlineData("M. Jones", "S. Jones")]
    public void DifferentPeople_DoNotAgree(string a, string b) =>
        Assert.Equal(NameAgreement.None, PersonName.Compare(PersonName.Parse(a)!.Value, PersonName.Parse(b)!.Value));

    [Fact]
    public void TranspositionTypo_KeepsSurnameKey() =>
        Assert.Equal(PersonName.Parse("Stephen Jones")!.Value.SurnameKey, PersonName.Parse("S. Jnoes")!.Value.SurnameKey);

    [Property]
    public Property UkMobile_NormalisesTheSameInEveryFormat()
    {
        var gen = Gen.Choose(0, 999_999_999).Select(n => "7" + n.ToString("D9", System.Globalization.CultureInfo.InvariantCulture));
        return Prop.ForAll(gen.ToArbitrary(), national =>
        {
            var expected = PhoneNumber.Normalise(national);
            return expected == national
                && PhoneNumber.Normalise("0" + national) == expected
                && PhoneNumber.Normalise("+44" + national) == expected
                && PhoneNumber.Normalise("+44 " + national[..4] + " " + national[4..]) == expected
                && PhoneNumber.Normalise("0" + national[..4] + " " + national[4..]) == expected
                && PhoneNumber.Normalise("0044 " + national) == expected;
        });
    }

    [Property]
    public bool JaroWinkler_IsSymmetricAndBounded(NonNull<string> a, NonNull<string> b)
    {
        var ab = StringSimilarity.JaroWinkler(a.Get, b.Get);
        return Math.Abs(ab - StringSimilarity.JaroWinkler(b.Get, a.Get)) < 1e-12 && ab is >= 0 and <= 1.0000001;
    }

    [Property]
    public bool DamerauLevenshtein_IsSymmetric_AndZeroOnlyForEqual(NonNull<string> a, NonNull<string> b)
    {
        var d = StringSimilarity.DamerauLevenshtein(a.Get, b.Get);
        return d == StringSimilarity.DamerauLevenshtein(b.Get, a.Get) && (d == 0) == (a.Get == b.Get);
    }

    [Fact]
    public void WithinOneEdit_IsDamerauLevenshteinAtMostOne_ForEveryPairOfShortStrings()
    {
        // Every string of up to four letters over a three-letter alphabet, against every other: all the edits, and
        // repeated letters (where a dropped or swapped letter has more than one place) included.
        var words = new List<string> { "" };
        for (var length = 1; length <= 4; length++)
            words.AddRange(words.Where(w => w.Length == length - 1).SelectMany(w => "abc".Select(c => w + c)).ToList());
        var near = 0;
        foreach (var a in words)
            foreach (var b in words)
            {
                var expected = StringSimilarity.DamerauLevenshtein(a, b) <= 1;
                Assert.True(expected == StringSimilarity.WithinOneEdit(a, b), $"'{a}' '{b}'");
                if (expected) near++;
            }
        Assert.True(near > 1000, $"{near} pairs within one edit");
    }

    [Property(MaxTest = 2000)]
    public bool WithinOneEdit_IsDamerauLevenshteinAtMostOne(NonNull<string> a, int edit, int at, char letter)
    {
        // An arbitrary string, and the same string with one random edit (or none): most pairs are near, as names are.
        var s = a.Get;
        var i = s.Length == 0 ? 0 : Math.Abs(at % s.Length);
        var b = (Math.Abs(edit % 5), s.Length) switch
        {
            (0, _) => s,
            (1, _) => s.Insert(i, letter.ToString()),
            (2, > 0) => s.Remove(i, 1),
            (3, > 0) => s[..i] + letter + s[(i + 1)..],
            (4, > 1) when i + 1 < s.Length => s[..i] + s[i + 1] + s[i] + s[(i + 2)..],
            _ => letter + s + letter,
        };
        return StringSimilarity.WithinOneEdit(s, b) == (StringSimilarity.DamerauLevenshtein(s, b) <= 1)
            && StringSimilarity.WithinOneEdit(b, s) == StringSimilarity.WithinOneEdit(s, b);
    }

    [Property]
    public bool NameParse_IgnoresCaseAndOrder(NonEmptyString first, NonEmptyString surname)
    {
        var f = new string([.. first.Get.Where(char.IsAsciiLetter)]);
        var s = new string([.. surname.Get.Where(char.IsAsciiLetter)]);
        if (f.Length < 2 || s.Length < 2) return true;
        var a = PersonName.Parse($"{f} {s}");
        var b = PersonName.Parse($"{s.ToUpperInvariant()}, {f}");
        return a is not null && b is not null && PersonName.Compare(a.Value, b.Value) == NameAgreement.Full;
    }
    // Names of the nickname table (nicknames, formal names, both) and names outside it, so that random pairs hit every
    // branch of the precomputed comparison (ADR 1801).
    private static readonly string[] FirstNames =
        ["steve", "stephen", "steven", "pat", "patricia", "patrick", "chris", "christine", "christopher", "kate", "kath",
         "kathleen", "katherine", "bob", "rob", "robert", "alex", "alexandra", "sam", "samantha", "nat", "natalie",
         "mo", "mohammed", "jon", "jonathan", "john", "stefan", "kat", "robin", "alexis", "zoe"];

    [Property]
    public Property NicknameCompatibility_IsWhatTheTableSays()
    {
        var name = Gen.OneOf(Gen.Elements(FirstNames), ArbMap.Default.GeneratorFor<NonEmptyString>().Select(s => s.Get.ToLowerInvariant()));
        return Prop.ForAll(name.Two().ToArbitrary(), pair =>
            Nicknames.Compatible(pair.Item1, pair.Item2) == Nicknames.CompatibleByTable(pair.Item1, pair.Item2)
            && Nicknames.Compatible(pair.Item1, pair.Item2) == Nicknames.Compatible(pair.Item2, pair.Item1));
    }

    [Fact]
    public void NicknameCompatibility_EveryPairOfTableNames_IsWhatTheTableSays()
    {
        foreach (var a in FirstNames)
            foreach (var b in FirstNames)
                Assert.True(Nicknames.Compatible(a, b) == Nicknames.CompatibleByTable(a, b), $"{a} / {b}");
        Assert.True(Nicknames.Compatible("steve", "steven"));
        Assert.True(Nicknames.Compatible("patrick", "patricia")); // both may be written "Pat"
        Assert.False(Nicknames.Compatible("john", "jon"));
    }

    [Property]
    public bool SameLetters_IsEqualSortedLetters(NonNull<string> a, NonNull<string> b, bool anagram)
    {
        // Half the cases an anagram of a (reversed), so that true answers are tested as often as false ones.
        var other = anagram ? new string([.. a.Get.Reverse()]) : b.Get;
        return PersonName.SameLetters(a.Get, other)
            == (a.Get.Length == other.Length && PersonName.SortLetters(a.Get) == PersonName.SortLetters(other));
    }
}
