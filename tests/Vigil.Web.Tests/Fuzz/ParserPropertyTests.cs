using FsCheck;
using FsCheck.Fluent;
using Vigil.Fuzz;

namespace Vigil.Web.Tests.Fuzz;

/// <summary>The fuzz targets of bench/Vigil.Fuzz over randomly mutated seed inputs, in the normal test run: each
/// input is accepted or refused the designed way, never an unexpected exception. (The long, coverage-guided runs
/// are scripts/fuzz.sh under AFL++.) Inputs a fuzzer crashed on are kept in Fuzz/regressions and replayed here.</summary>
public sealed class ParserPropertyTests
{
    public static TheoryData<string> Targets => new(FuzzTargets.All.Keys);

    [Theory]
    [MemberData(nameof(Targets))]
    public void MutatedInputs_AreAcceptedOrRefused_NeverCrash(string target)
    {
        var corpus = Mutations.Corpus(target).ToList();
        Assert.NotEmpty(corpus);
        var run = FuzzTargets.All[target];
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(400), Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var random = new Random(seed);
            var input = Mutations.Mutate(corpus[random.Next(corpus.Count)], random);
            run(new MemoryStream(input)); // throws (and FsCheck reports the seed) on a crash
        }));
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void TheSeedCorpus_IsAccepted(string target)
    {
        foreach (var input in Mutations.Corpus(target)) FuzzTargets.All[target](new MemoryStream(input));
    }

    public static TheoryData<string, string> Regressions()
    {
        var data = new TheoryData<string, string>();
        var root = Path.Combine(AppContext.BaseDirectory, "Fuzz", "regressions");
        foreach (var target in FuzzTargets.All.Keys)
            foreach (var file in (Directory.Exists(Path.Combine(root, target)) ? Directory.GetFiles(Path.Combine(root, target)) : []).Where(f => !Path.GetFileName(f).StartsWith('.')))
                data.Add(target, Path.GetFileName(file));
        if (data.Count == 0) data.Add("records", ""); // no regression yet: the theory still runs (and checks the folder exists)
        return data;
    }

    [Theory]
    [MemberData(nameof(Regressions))]
    public void InputsOnceFoundByAFuzzer_NoLongerCrash(string target, string file)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Fuzz", "regressions", target);
        Assert.True(Directory.Exists(folder), $"{folder} is missing from the test output");
        if (file.Length == 0) return;
        FuzzTargets.All[target](File.OpenRead(Path.Combine(folder, file)));
    }
}
