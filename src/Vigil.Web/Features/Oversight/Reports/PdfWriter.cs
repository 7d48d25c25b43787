using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Vigil.Web.Features.Oversight.Reports;

/// <summary>Lays a <see cref="PdfReport"/> out on A4 with PDFsharp (ADR 0806): wrapped text, tables whose header row
/// repeats on each page, flagged rows marked in the margin, and on every page a footer with the reference, the time
/// of production, who produced it and "page n of N" (drawn once the page count is known).</summary>
public sealed class PdfWriter
{
    private const double Margin = 48, FooterSpace = 34, Pad = 3;
    private static readonly XColor Flag = XColor.FromArgb(176, 0, 32);
    private readonly XFont body = Font(9.5), bold = Font(9.5, true), small = Font(7.5), h1 = Font(15, true), h2 = Font(12, true), h3 = Font(10.5, true);
    private PdfDocument document = null!;
    private XGraphics? gfx;
    private double y, width, bottom;

    public byte[] Write(PdfReport report)
    {
        document = new PdfDocument();
        document.Info.Title = report.Title;
        document.Info.Author = report.ProducedBy;
        document.Info.Subject = report.Reference;
        document.Info.Creator = "Vigil";
        NewPage();
        foreach (var block in report.Blocks) Draw(block);
        gfx?.Dispose();
        Footers(report);
        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    private static XFont Font(double size, bool isBold = false) =>
        new(VigilFonts.Family, size, isBold ? XFontStyleEx.Bold : XFontStyleEx.Regular, XPdfFontOptions.UnicodeDefault);

    private void NewPage()
    {
        gfx?.Dispose();
        var page = document.AddPage();
        page.Size = PageSize.A4;
        gfx = XGraphics.FromPdfPage(page);
        width = gfx.PageSize.Width - 2 * Margin;
        bottom = gfx.PageSize.Height - Margin - FooterSpace;
        y = Margin;
    }

    /// <returns>True when a new page was started.</returns>
    private bool Room(double height)
    {
        if (y + height <= bottom) return false;
        NewPage();
        return true;
    }

    private void Draw(PdfBlock block)
    {
        switch (block)
        {
            case PdfHeading h:
                var font = h.Level switch { 1 => h1, 2 => h2, _ => h3 };
                Room(font.Height * 3); // keep a heading with what follows it
                y += h.Level == 1 ? 0 : font.Height * 0.6;
                Lines(h.Text, font, Margin, width);
                y += 2;
                break;
            case PdfParagraph p when p.Boxed:
                var lines = Wrap(p.Text, bold, width - 12);
                Room(lines.Count * bold.Height + 12);
                gfx!.DrawRectangle(new XPen(XColors.Black, 1.2), Margin, y, width, lines.Count * bold.Height + 10);
                y += 5;
                Lines(p.Text, bold, Margin + 6, width - 12);
                y += 9;
                break;
            case PdfParagraph p:
                Lines(p.Text, p.Bold ? bold : body, Margin, width);
                y += 4;
                break;
            case PdfFacts f:
                Table(new PdfTable(["", ""], [1, 3], f.Rows.Select(r => (IReadOnlyList<string>)[r.Label, r.Value]).ToList()), header: false, labelColumn: true);
                break;
            case PdfList l:
                for (var i = 0; i < l.Items.Count; i++)
                {
                    var marker = l.Numbered ? $"{i + 1}." : "•";
                    Room(body.Height);
                    gfx!.DrawString(marker, body, XBrushes.Black, Margin, y, XStringFormats.TopLeft);
                    Lines(l.Items[i], body, Margin + 16, width - 16);
                    y += 1.5;
                }
                y += 3;
                break;
            case PdfTable t:
                Table(t, header: true, labelColumn: false);
                break;
        }
    }

    private void Table(PdfTable t, bool header, bool labelColumn)
    {
        var total = t.Widths.Sum();
        var widths = t.Widths.Select(w => w / total * width).ToArray();
        if (header) Header(t, widths);
        for (var r = 0; r < t.Rows.Count; r++)
        {
            var cells = t.Rows[r].Select((text, c) => Wrap(text, labelColumn && c == 0 ? bold : body, widths[c] - 2 * Pad)).ToList();
            var height = cells.Max(c => c.Count) * body.Height + 2 * Pad;
            if (Room(height) && header) Header(t, widths);
            var x = Margin;
            for (var c = 0; c < cells.Count; c++)
            {
                var yy = y + Pad;
                foreach (var line in cells[c])
                {
                    gfx!.DrawString(line, labelColumn && c == 0 ? bold : body, XBrushes.Black, x + Pad, yy, XStringFormats.TopLeft);
                    yy += body.Height;
                }
                x += widths[c];
            }
            if (t.Flagged?.Contains(r) == true) gfx!.DrawRectangle(new XSolidBrush(Flag), Margin - 6, y + 1, 3, height - 2);
            y += height;
            gfx!.DrawLine(new XPen(XColors.LightGray, 0.5), Margin, y, Margin + width, y);
        }
        y += 6;
    }

    private void Header(PdfTable t, double[] widths)
    {
        var cells = t.Headers.Select((h, c) => Wrap(h, bold, widths[c] - 2 * Pad)).ToList();
        var height = cells.Max(c => c.Count) * bold.Height + 2 * Pad;
        Room(height + body.Height * 2);
        gfx!.DrawRectangle(new XSolidBrush(XColor.FromArgb(238, 241, 244)), Margin, y, width, height);
        var x = Margin;
        for (var c = 0; c < cells.Count; c++)
        {
            var yy = y + Pad;
            foreach (var line in cells[c]) { gfx.DrawString(line, bold, XBrushes.Black, x + Pad, yy, XStringFormats.TopLeft); yy += bold.Height; }
            x += widths[c];
        }
        y += height;
    }

    private void Lines(string text, XFont font, double x, double w)
    {
        foreach (var line in Wrap(text, font, w))
        {
            Room(font.Height);
            gfx!.DrawString(line, font, XBrushes.Black, x, y, XStringFormats.TopLeft);
            y += font.Height;
        }
    }

    /// <summary>Greedy word wrap by measured width; words longer than a line are cut.</summary>
    private List<string> Wrap(string text, XFont font, double w)
    {
        var lines = new List<string>();
        foreach (var paragraph in (text ?? "").Replace("\r", "", StringComparison.Ordinal).Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' '))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (gfx!.MeasureString(candidate, font).Width <= w) { line = candidate; continue; }
                if (line.Length > 0) lines.Add(line);
                line = word;
                while (line.Length > 1 && gfx.MeasureString(line, font).Width > w)
                {
                    var cut = line.Length - 1;
                    while (cut > 1 && gfx.MeasureString(line[..cut], font).Width > w) cut--;
                    lines.Add(line[..cut]);
                    line = line[cut..];
                }
            }
            lines.Add(line);
        }
        return lines;
    }

    private void Footers(PdfReport report)
    {
        var count = document.PageCount;
        for (var i = 0; i < count; i++)
        {
            using var g = XGraphics.FromPdfPage(document.Pages[i], XGraphicsPdfPageOptions.Append);
            var top = g.PageSize.Height - Margin - FooterSpace + 12;
            g.DrawLine(new XPen(XColors.Gray, 0.5), Margin, top, g.PageSize.Width - Margin, top);
            g.DrawString($"{report.Reference} · {report.Title}", small, XBrushes.Black, Margin, top + 4, XStringFormats.TopLeft);
            g.DrawString($"Produced {report.ProducedAt} by {report.ProducedBy} · generation recorded in the audit trail", small, XBrushes.Black, Margin, top + 4 + small.Height, XStringFormats.TopLeft);
            g.DrawString($"Page {i + 1} of {count}", small, XBrushes.Black, g.PageSize.Width - Margin, top + 4, XStringFormats.TopRight);
        }
    }
}
