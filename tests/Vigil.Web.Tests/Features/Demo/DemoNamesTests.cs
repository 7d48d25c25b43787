using System.Security.Cryptography;
using System.Text;
using Vigil.Web.Features.Demo;

namespace Vigil.Web.Tests.Features.Demo;

/// <summary>The demo must never show a bereaved family their son's name. The real names are held here only as
/// SHA-256 hashes of their lower-case forms (full names and surnames of the victims, the dog walker and the offender
/// of the case that motivated Vigil), so that this test does not itself carry them.</summary>
public sealed class DemoNamesTests
{
    private static readonly HashSet<string> RealNameHashes =
    [
        "2097e653b112c4c11ba736e5d52ceb69d9a7efde8726e864d37039598b7299c9",
        "7b0f75fc4722c66cfcc95be714adb31ba63367c69ffa37f7d16ea6439c0b537e",
        "28ef0bea37160433aa8330f43589d90522fb896c09373116bf0c055745a98adc",
        "8c2bcaaed568b07ee5a3d69c7b60ddde1a04e656d0e1c7d500d80c8344b8bb94",
        "f8d397a33fcb9725db96501e653bf3cfa4455c5639482b9936c22b221634d659",
        "5b0cd13abab8ffe178bc44677cdc1898c48de5862192fdb87190a5e3fa462acf",
        "72515bb7c9abfa490d989e1d9b4e1cb9774bc5035128598ac45e0b1c98d204f2",
        "e9d8545e00e0e46561ea2c7fdf2a42f2b8cb637fadff4422eaa76649c7d18ec3",
        "33dd804861b5868ea51b4166da4dfc358c6fc74003cdd68a72f70a1ac36dfb1d",
        "6a920b09db5c1c24ec3f370b09738afdecabfcd60acfe7df68326f98f33f6cff",
        "a7a94570cff724b9121d33417ee3f81ab55345d2e61e0e2391461e82878b7fb1",
    ];

    [Fact]
    public void DemoData_HoldsNoRealNameFromTheMotivatingCase()
    {
        var records = new DemoGenerator().Generate(4000, new DateTime(2014, 1, 1), new DateTime(2018, 1, 1)).ToList();
        var names = records.Select(r => r.Deceased?.Name).Concat(records.SelectMany(r => r.People ?? []).Select(p => p.Name))
            .Concat(DemoCommand.Users.Select(u => u.Name)).OfType<string>().Distinct().ToList();

        Assert.True(names.Count > 50, "the generator should produce many names to check");
        var found = names.Where(n => Candidates(n).Any(c => RealNameHashes.Contains(Hash(c)))).ToList();
        Assert.Empty(found);
    }

    [Fact]
    public void RealNameCheck_RecognisesAHashedName()
    {
        // Proves the check can fail: "Port" as a surname is one of the hashed names.
        Assert.Contains(Candidates("Alex Port"), c => RealNameHashes.Contains(Hash(c)));
    }

    private static IEnumerable<string> Candidates(string name)
    {
        var lower = name.Trim().ToLowerInvariant();
        yield return lower;
        foreach (var token in lower.Split(' ', StringSplitOptions.RemoveEmptyEntries)) yield return token;
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
