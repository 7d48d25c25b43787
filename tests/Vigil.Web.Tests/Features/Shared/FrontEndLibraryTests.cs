using System.Text.Json;
using System.Xml.Linq;

namespace Vigil.Web.Tests.Features.Shared;

/// <summary>Every front-end library the build copies to wwwroot/lib is loaded by a page (ADR 3123): walk31 found Chart.js
/// installed, copied and served while no page loaded it — a package to keep patched for nothing.</summary>
public sealed class FrontEndLibraryTests
{
    private static readonly string Web = Path.Combine(Repository.Root, "src", "Vigil.Web");

    /// <summary>Loaded by the browser tests, not by a page: axe-core checks each page's accessibility there.</summary>
    private static readonly string[] ForTestsOnly = ["axe-core"];

    [Fact]
    public void EveryCopiedLibrary_IsLoadedByAPage()
    {
        var folders = XDocument.Load(Path.Combine(Web, "Vigil.Web.csproj")).Descendants("VigilAsset")
            .Select(a => a.Attribute("Dest")!.Value.Split('/')[0]).Distinct().Except(ForTestsOnly).ToList();
        var pages = Directory.EnumerateFiles(Path.Combine(Web, "Features"), "*.cshtml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(Web, "wwwroot", "js"), "*.js"))
            .Select(File.ReadAllText).ToList();
        var unused = folders.Where(f => !pages.Any(p => p.Contains($"/lib/{f}/", StringComparison.Ordinal))).ToList();
        Assert.True(unused.Count == 0, "copied to wwwroot/lib but loaded by no page: " + string.Join(", ", unused));
    }

    [Fact]
    public void EveryNpmDependency_IsCopiedForAPage()
    {
        using var package = JsonDocument.Parse(File.ReadAllText(Path.Combine(Web, "package.json")));
        var copied = File.ReadAllText(Path.Combine(Web, "Vigil.Web.csproj"));
        var unused = package.RootElement.GetProperty("dependencies").EnumerateObject().Select(p => p.Name)
            .Where(name => !copied.Contains($"node_modules/{name}/", StringComparison.Ordinal)).ToList();
        Assert.True(unused.Count == 0, "in package.json but never copied to wwwroot/lib: " + string.Join(", ", unused));
    }
}
