using CsvHelper;
using ExcelDataReader;

namespace Vigil.Web.Features.Import.Mapping;

/// <summary>One data row of a spreadsheet: its line (CSV: the line it starts on; .xlsx: the row number) and its cells.</summary>
public readonly record struct TabularRow(int Line, IReadOnlyList<string?> Cells);

/// <summary>Reads a CSV or .xlsx file row by row (never whole), with the first row as the column names.</summary>
public abstract class TabularReader : IDisposable
{
    /// <summary>Column names as the file writes them; a blank one becomes "column N", a repeated one "name (2)".</summary>
    public abstract IReadOnlyList<string> Columns { get; }

    public abstract IEnumerable<TabularRow> Rows();

    public abstract void Dispose();

    /// <summary>An .xlsx file is a zip (it starts "PK"); anything else is read as CSV (separator detected, UTF-8 unless a BOM says otherwise).</summary>
    public static TabularReader Open(Stream stream, string? sheet = null)
    {
        if (!stream.CanSeek) throw new ArgumentException("the file must be seekable (read it from disk)", nameof(stream));
        Span<byte> magic = stackalloc byte[2];
        var read = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        stream.Seek(-read, SeekOrigin.Current);
        return read == 2 && magic[0] == (byte)'P' && magic[1] == (byte)'K' ? new XlsxReader(stream, sheet) : new CsvTableReader(stream);
    }

    protected static IReadOnlyList<string> NameColumns(IEnumerable<string?> raw)
    {
        var names = new List<string>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (value, i) in raw.Select((v, i) => (v?.Trim(), i)))
        {
            var name = string.IsNullOrEmpty(value) ? $"column {i + 1}" : value;
            seen[name] = seen.TryGetValue(name, out var n) ? n + 1 : 1;
            names.Add(seen[name] == 1 ? name : $"{name} ({seen[name]})");
        }
        return names;
    }

    private sealed class CsvTableReader : TabularReader
    {
        private readonly CsvReader reader;

        public CsvTableReader(Stream stream)
        {
            reader = CsvReader.Create(stream, new CsvReaderOptions { TrackLineNumbers = true, IncludeValuesInExceptions = false }, leaveOpen: true);
            reader.ReadHeader();
            Columns = NameColumns(reader.Headers);
        }

        public override IReadOnlyList<string> Columns { get; }

        public override IEnumerable<TabularRow> Rows()
        {
            while (reader.Read())
            {
                var cells = new string?[reader.FieldCount];
                for (var i = 0; i < cells.Length; i++) cells[i] = reader.GetString(i);
                yield return new TabularRow(checked((int)reader.LineNumber), cells);
            }
        }

        public override void Dispose() => reader.Dispose();
    }

    private sealed class XlsxReader : TabularReader
    {
        private readonly IExcelDataReader reader;
        private readonly bool headerRead;

        // ExcelDataReader's configuration asks for Windows-1252 (the fallback for old .xls), which .NET Core only
        // has once the code-pages provider is registered.
        static XlsxReader() => System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);

        public XlsxReader(Stream stream, string? sheet)
        {
            reader = ExcelReaderFactory.CreateOpenXmlReader(stream, new ExcelReaderConfiguration { LeaveOpen = true });
            if (sheet is not null)
            {
                while (!string.Equals(reader.Name, sheet, StringComparison.OrdinalIgnoreCase))
                    if (!reader.NextResult()) throw new InvalidDataException($"the workbook has no sheet named '{sheet}'");
            }
            headerRead = reader.Read();
            Columns = headerRead ? NameColumns(Enumerable.Range(0, reader.FieldCount).Select(i => Cell(reader.GetValue(i)))) : [];
        }

        public override IReadOnlyList<string> Columns { get; }

        public override IEnumerable<TabularRow> Rows()
        {
            if (!headerRead) yield break;
            while (reader.Read())
            {
                var cells = new string?[reader.FieldCount];
                for (var i = 0; i < cells.Length; i++) cells[i] = Cell(reader.GetValue(i));
                if (cells.All(string.IsNullOrWhiteSpace)) continue;
                // Depth is the 0-based row index in the sheet: the number a user sees down the left edge, less one.
                yield return new TabularRow(reader.Depth + 1, cells);
            }
        }

        /// <summary>Cells as text, so a spreadsheet and a CSV export of it map alike: dates as ISO 8601, numbers invariant.</summary>
        private static string? Cell(object? value) => value switch
        {
            null => null,
            string s => s,
            DateTime d => d.ToString(d.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
            double n => n.ToString("R", CultureInfo.InvariantCulture),
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };

        public override void Dispose() => reader.Dispose();
    }
}
