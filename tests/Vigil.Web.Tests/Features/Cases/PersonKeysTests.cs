using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Vigil.Data.People;

namespace Vigil.Web.Tests.Features.Cases;

public sealed class PersonKeysTests
{
    [Theory]
    [InlineData("HALE, Margaret", "Margaret Hale")]
    [InlineData("  margaret   hale ", "Margaret Hale")]
    [InlineData("Zoë O'Brien", "zoe obrien")]
    public void Name_IgnoresOrderCaseAndPunctuation(string a, string b) =>
        Assert.Equal(PersonKeys.Name(b).Replace(" ", "", StringComparison.Ordinal), PersonKeys.Name(a).Replace(" ", "", StringComparison.Ordinal));

    [Theory]
    [InlineData("07700 900123")]
    [InlineData("+447700900123")]
    [InlineData("7700900123")]
    [InlineData("(0044) 7700-900-123")]
    public void UkPhoneFormats_AreOnePhone(string raw) => Assert.Equal("+447700900123", PersonKeys.Phone(raw));

    [Fact]
    public void DifferentPeopleWithTheSameName_AreSeparatedByDateOfBirth() =>
        Assert.NotEqual(PersonKeys.PersonMatchKey("John Smith", new DateOnly(1980, 1, 1)), PersonKeys.PersonMatchKey("John Smith", new DateOnly(1990, 1, 1)));

    [Property]
    public Property Simplify_IsIdempotent(NonNull<string> text) =>
        (PersonKeys.Simplify(PersonKeys.Simplify(text.Get)) == PersonKeys.Simplify(text.Get)).ToProperty();

    /// <summary>ASCII text takes a path of its own (ADR 3198); it must give what the Unicode path gives, which for ASCII
    /// is the lower-cased runs of letters and digits joined by single spaces.</summary>
    [Property]
    public Property Simplify_OfAsciiText_IsItsLowerCaseWordsJoinedBySingleSpaces(NonNull<string> text)
    {
        var ascii = new string(text.Get.Select(c => (char)(c % 128)).ToArray());
        var words = System.Text.RegularExpressions.Regex.Split(ascii.ToLowerInvariant(), "[^a-z0-9]+").Where(w => w.Length > 0);
        return (PersonKeys.Simplify(ascii) == string.Join(' ', words)).ToProperty();
    }

    [Theory]
    [InlineData("  O'BRIEN,  Zoe-Anne  ", "o brien zoe anne")]
    [InlineData("already simple", "already simple")]
    [InlineData("Zoë  Ó Briain", "zoe o briain")]
    [InlineData("", "")]
    public void Simplify_KnownKeys(string text, string key) => Assert.Equal(key, PersonKeys.Simplify(text));

    [Property]
    public Property Phone_IsIdempotent(PositiveInt digits)
    {
        var raw = "07" + (digits.Get % 1_000_000_000).ToString("D9", System.Globalization.CultureInfo.InvariantCulture);
        var once = PersonKeys.Phone(raw);
        return (PersonKeys.Phone(once) == once).ToProperty();
    }

    [Property]
    public Property SurnameFirst_EqualsFirstSurname(NonEmptyString first, NonEmptyString last)
    {
        var f = new string(first.Get.Where(char.IsAsciiLetter).ToArray());
        var l = new string(last.Get.Where(char.IsAsciiLetter).ToArray());
        if (f.Length == 0 || l.Length == 0) return true.ToProperty();
        return (PersonKeys.Name($"{l.ToUpperInvariant()}, {f}") == PersonKeys.Name($"{f} {l}")).ToProperty();
    }
}
