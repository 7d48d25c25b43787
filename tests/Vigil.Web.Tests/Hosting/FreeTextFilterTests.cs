using System.Text.Json.Serialization;
using Vigil.Web.Hosting;

namespace Vigil.Web.Tests.Hosting;

/// <summary>The control-character walk names the field the client wrote, however deep, and only when one is refused.</summary>
public sealed class FreeTextFilterTests
{
    public sealed record Person(string Name, [property: JsonPropertyName("seenWith")] string? SeenWith);
    public sealed record Record(string Ref, IReadOnlyList<Person> People, IReadOnlyList<IReadOnlyList<string>> Grid);
    public sealed record Batch(IReadOnlyList<Record> Records);

    private static Record Clean(string id) => new(id, [new("A. Person", null)], [["x", "y"]]);

    [Fact]
    public void NothingRefused_NoPath() =>
        Assert.Null(FreeTextFilter.FindControlCharacter(new Batch([Clean("1"), Clean("2")]), "", 0));

    [Fact]
    public void AFieldDeepInAList_IsNamedAsTheClientWroteIt()
    {
        var batch = new Batch([Clean("1"), Clean("2") with { People = [new("ok", null), new("ok", "bad\u0007")] }]);
        Assert.Equal("records[1].people[1].seenWith", FreeTextFilter.FindControlCharacter(batch, "", 0));
    }

    [Fact]
    public void AListInAList_AndATopLevelPath()
    {
        var record = Clean("1") with { Grid = [["x"], ["y", "z\u0001"]] };
        Assert.Equal("grid[1][1]", FreeTextFilter.FindControlCharacter(record, "", 0));
        Assert.Equal("body.ref", FreeTextFilter.FindControlCharacter(Clean("\u001b"), "body", 0));
        Assert.Equal("", FreeTextFilter.FindControlCharacter("\u0002", "", 0));
    }

    [Fact]
    public void TabsAndLineBreaks_AreAllowed() =>
        Assert.Null(FreeTextFilter.FindControlCharacter(Clean("a\tb\r\nc"), "", 0));
}
