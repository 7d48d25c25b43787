using PdfSharp.Fonts;

namespace Vigil.Web.Features.Oversight.Reports;

/// <summary>PDFsharp's core build has no fonts of its own on Linux: this resolver serves one sans family (regular and
/// bold) from the first of Liberation Sans or DejaVu Sans found on the host (fonts-liberation is installed by test.sh;
/// Vigil:PdfFontFolder points elsewhere). Fonts are embedded (subset) in every PDF, so readers need nothing.</summary>
public sealed class VigilFonts : IFontResolver
{
    public const string Family = "Vigil Sans";
    private static readonly Lock Gate = new();
    private static bool installed;

    private static readonly (string Regular, string Bold)[] Candidates =
    [
        ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
        ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ];

    private static readonly string[] Folders =
    [
        "/usr/share/fonts/truetype/liberation", "/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/liberation-sans",
        "/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/Library/Fonts", @"C:\Windows\Fonts",
    ];

    private readonly (string Regular, string Bold) files;

    private VigilFonts(string? folder) => files = Find(folder)
        ?? throw new InvalidOperationException("No font for PDF reports: install fonts-liberation (or fonts-dejavu), or set Vigil:PdfFontFolder to a folder holding LiberationSans-Regular.ttf and -Bold.ttf.");

    /// <summary>Installs the resolver once per process (PDFsharp holds it globally).</summary>
    public static void Install(string? folder)
    {
        lock (Gate)
        {
            if (installed) return;
            GlobalFontSettings.FontResolver = new VigilFonts(folder);
            installed = true;
        }
    }

    private static (string, string)? Find(string? configured)
    {
        foreach (var folder in configured is null ? Folders : [configured, .. Folders])
            foreach (var (regular, bold) in Candidates)
                if (File.Exists(Path.Combine(folder, regular)) && File.Exists(Path.Combine(folder, bold)))
                    return (Path.Combine(folder, regular), Path.Combine(folder, bold));
        return null;
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? "vigil-bold" : "vigil-regular");

    public byte[]? GetFont(string faceName) => File.ReadAllBytes(faceName == "vigil-bold" ? files.Bold : files.Regular);
}
