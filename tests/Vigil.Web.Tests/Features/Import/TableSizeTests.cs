using System.IO.Compression;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Vigil.Data.Identity;
using Vigil.Data.Interop;
using Vigil.Web.Features.Import.Mapping;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Import;

/// <summary>sec63: a small spreadsheet can describe a table too large to read — a 1.4 KB workbook with one cell in column
/// ZZZZZZ had the node killed at 22 GB on its mapping page, a row of 2 million cells held it at its heap cap, 20 million
/// one-letter shared texts took 790 MB. Bounded at upload (ADR 3333): more than 1,000 columns, or 10 million cells or
/// distinct texts, is refused saying so, and nothing is stored; a file at the limits is taken. (Column ZZZZZZ is not
/// sent here: on a build without the bound it would end the test host.)</summary>
public abstract class TableSizeTests(VigilAppFactory app)
{
    [Theory]
    [InlineData("one cell in column ALL (the 1,000th)", true)]
    [InlineData("one cell in column ALM (the 1,001st)", false)]
    [InlineData("a row of 1,001 cells", false)]
    [InlineData("10,000,001 distinct texts", false)]
    [InlineData("a CSV of 1,000 columns", true)]
    [InlineData("a CSV with a row of 1,001 fields", false)]
    public async Task ASpreadsheet_IsTakenOnlyWithinTheLimits(string file, bool taken)
    {
        var (name, bytes) = file switch
        {
            "one cell in column ALL (the 1,000th)" => ("deaths.xlsx", Workbook(w => w.Write("""<row r="2"><c r="ALL2" t="inlineStr"><is><t>x</t></is></c></row>"""))),
            "one cell in column ALM (the 1,001st)" => ("deaths.xlsx", Workbook(w => w.Write("""<row r="2"><c r="ALM2" t="inlineStr"><is><t>x</t></is></c></row>"""))),
            "a row of 1,001 cells" => ("deaths.xlsx", Workbook(w => w.Write($"""<row r="2">{string.Concat(Enumerable.Repeat("<c t=\"inlineStr\"><is><t>a</t></is></c>", 1001))}</row>"""))),
            "10,000,001 distinct texts" => ("deaths.xlsx", Workbook(w => w.Write("""<row r="2"><c r="A2" t="s"><v>0</v></c></row>"""), TableSize.MaxCells + 1)),
            "a CSV of 1,000 columns" => ("deaths.csv", Encoding.UTF8.GetBytes("ref" + new string(',', 999) + "\nR1,x\n")),
            _ => ("deaths.csv", Encoding.UTF8.GetBytes("ref,name\nR1" + new string(',', 1000) + "\n")),
        };
        var supervisor = await app.CreateUserAsync(Roles.Supervisor);
        using var client = await app.SignedInClientAsync(supervisor);
        using var response = await WorkbookPackage.UploadAsync(client, name, bytes);

        Assert.Equal(taken ? HttpStatusCode.Redirect : HttpStatusCode.OK, response.StatusCode);
        if (!taken) Assert.Contains("is too large to import at once: a file may have at most 1,000 columns", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(taken, await app.WithDbAsync(db => db.ImportUploads.AnyAsync(u => u.OwnerId == supervisor.Id)));
    }

    /// <summary>A one-sheet workbook: a header row, then the rows <paramref name="rows"/> writes; with
    /// <paramref name="texts"/> one-letter shared texts when given.</summary>
    private static byte[] Workbook(Action<StreamWriter> rows, int texts = 0)
    {
        using var bytes = new MemoryStream();
        using (var zip = new ZipArchive(bytes, ZipArchiveMode.Create, leaveOpen: true))
        {
            WorkbookPackage.WriteParts(zip, sharedStrings: true);
            using (var sheet = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml").Open(), Encoding.UTF8))
            {
                sheet.Write("""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>ref</t></is></c></row>""");
                rows(sheet);
                sheet.Write("</sheetData></worksheet>");
            }
            using var shared = new StreamWriter(zip.CreateEntry("xl/sharedStrings.xml", CompressionLevel.Fastest).Open(), Encoding.UTF8);
            shared.Write("""<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>a</t></si>""");
            var thousand = string.Concat(Enumerable.Repeat("<si><t>a</t></si>", 1000));
            for (var left = texts - 1; left > 0; left -= 1000) shared.Write(left >= 1000 ? thousand : string.Concat(Enumerable.Repeat("<si><t>a</t></si>", left)));
            shared.Write("</sst>");
        }
        return bytes.ToArray();
    }
}

[Collection(SqliteCollection.Name)]
public sealed class TableSizeTests_Sqlite(SqliteApp app) : TableSizeTests(app);

[Collection(PostgresCollection.Name)]
public sealed class TableSizeTests_Postgres(PostgresApp app) : TableSizeTests(app);
