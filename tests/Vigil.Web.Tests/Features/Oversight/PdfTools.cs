using System.Diagnostics;

namespace Vigil.Web.Tests.Features.Oversight;

/// <summary>poppler-utils as a reader would use them (installed by test.sh): the text of a PDF, and its pages
/// rendered to PNG, so a test sees that a document opens and says what it should.</summary>
internal static class PdfTools
{
    public static async Task<string> TextAsync(byte[] pdf)
    {
        var file = await SaveAsync(pdf);
        return await RunAsync("pdftotext", $"-layout \"{file}\" -");
    }

    /// <summary>Renders every page to PNG at 40 dpi and returns the files.</summary>
    public static async Task<string[]> PagesAsync(byte[] pdf)
    {
        var file = await SaveAsync(pdf);
        var prefix = Path.Combine(Path.GetDirectoryName(file)!, "page");
        await RunAsync("pdftoppm", $"-png -r 40 \"{file}\" \"{prefix}\"");
        return Directory.GetFiles(Path.GetDirectoryName(file)!, "page*.png").Order(StringComparer.Ordinal).ToArray();
    }

    private static async Task<string> SaveAsync(byte[] pdf)
    {
        var folder = Directory.CreateTempSubdirectory("vigil-pdf-").FullName;
        var file = Path.Combine(folder, "report.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        return file;
    }

    private static async Task<string> RunAsync(string tool, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException($"{tool} did not start: install poppler-utils (test.sh does)");
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {error}");
    }
}
