namespace Vigil.Web.Features.Oversight.Reports;

/// <summary>A report as blocks, independent of how it is drawn: headings, paragraphs, label–value facts, lists and
/// tables (flagged rows marked). Builders fill it from the records; <see cref="PdfWriter"/> lays it out.</summary>
public abstract record PdfBlock;

public sealed record PdfHeading(string Text, int Level = 1) : PdfBlock;

public sealed record PdfParagraph(string Text, bool Bold = false, bool Boxed = false) : PdfBlock;

public sealed record PdfFacts(IReadOnlyList<(string Label, string Value)> Rows) : PdfBlock;

public sealed record PdfList(IReadOnlyList<string> Items, bool Numbered = false) : PdfBlock;

/// <param name="Widths">Relative column widths.</param>
/// <param name="Flagged">Indexes of rows to mark (late, never acted on, untested).</param>
public sealed record PdfTable(IReadOnlyList<string> Headers, IReadOnlyList<double> Widths, IReadOnlyList<IReadOnlyList<string>> Rows, IReadOnlySet<int>? Flagged = null) : PdfBlock;

/// <summary>The whole document and what every page's footer says: the reference, when it was produced and by whom.</summary>
public sealed record PdfReport(string Title, string Reference, string ProducedBy, string ProducedAt, IReadOnlyList<PdfBlock> Blocks);
