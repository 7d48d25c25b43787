using System.Text.RegularExpressions;
using Vigil.Web.Features.Shared;

namespace Vigil.Web.Tests.Features.Shared;

/// <summary>Counts are written in the right number (walk31 left "1 question(s) from the family are overdue"): one
/// helper on the server (<see cref="Plural"/>), one in the pages' scripts (wwwroot/js/words.js), and no "(s)" left.</summary>
public sealed partial class PluralTests
{
    [Theory]
    [InlineData(0, "0 deaths")]
    [InlineData(1, "1 death")]
    [InlineData(2, "2 deaths")]
    [InlineData(1000, "1,000 deaths")]
    [InlineData(3198, "3,198 deaths")]
    public void Count_IsSingularForOneOnly(long n, string expected) => Assert.Equal(expected, Plural.Count(n, "death", "deaths"));

    [Fact]
    public void Count_CarriesTheVerbOfEachForm() =>
        Assert.Equal("1 question from the family is overdue", Plural.Count(1, "question from the family is overdue", "questions from the family are overdue"));

    /// <summary>A word followed by "(s)" in the web app's pages, code and scripts: a count written for both numbers at once.
    /// "http(s)" (either scheme) is not a count; "(s) {", "(s) =>", "(s);" and the like are code.</summary>
    [Fact]
    public void NoPageScriptOrMessage_WritesACountWithParenthesisedS()
    {
        var web = Path.Combine(Repository.Root, "src", "Vigil.Web");
        var found = Directory.EnumerateFiles(web, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".js", StringComparison.Ordinal))
            .Where(f => !Repository.Generated(Path.GetRelativePath(web, f)))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, line)))
            .Where(x => CountWithS().IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(web, x.f)}:{x.i + 1}: {x.line.Trim()}").ToList();
        Assert.True(found.Count == 0, string.Join('\n', found));
    }

    [GeneratedRegex(@"\b(?!https?\(s\))[a-z]{3,}\(s\)(?!\s*(\{|=>|\.|\)|;|,|\?))")]
    private static partial Regex CountWithS();
}

/// <summary>The repository these tests were built from, for tests that read its files.</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Vigil.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Vigil.slnx not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Build output and third-party files under a project folder, not the project's own text.</summary>
    public static bool Generated(string relative) =>
        relative.Split(Path.DirectorySeparatorChar) is var parts && parts.Any(p => p is "bin" or "obj" or "node_modules" or "lib");
}
