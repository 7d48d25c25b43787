using Vigil.Load;

namespace Vigil.Web.Tests.Features.Operations;

/// <summary>vigil-load's --think: the pause between a user's steps, which decides how busy the machine is.</summary>
public sealed class ThinkRangeTests
{
    [Theory]
    [InlineData("250-750", 250, 750)]
    [InlineData("1000 - 5000", 1000, 5000)]
    [InlineData("0-0", 0, 0)]
    public void Parse_ReadsMinAndMax(string text, int min, int max) => Assert.Equal((min, max), ThinkRange.Parse(text));

    [Theory]
    [InlineData("750-250")]
    [InlineData("500")]
    [InlineData("-5-10")]
    [InlineData("a-b")]
    public void Parse_RefusesWhatIsNotARange(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => ThinkRange.Parse(text));
        Assert.Contains(text, error.Message, StringComparison.Ordinal);
    }
}
