using System.IO.Compression;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Vigil.Data.Identity;
using Vigil.Data.Interop;
using Vigil.Web.Features.Import.Mapping;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Import;

/// <summary>sec62: a small .xlsx whose one cell holds a run of text no spreadsheet can (it compresses a thousandfold) was
/// stored, and its mapping page made the server hold the whole run as one string (1 MB of workbook: 2 GB, then 500).
/// It is refused at upload, saying why; a workbook with a cell as long as Excel allows is taken (ADR 3323).</summary>
public abstract class WorkbookBombTests(VigilAppFactory app)
{
    [Theory]
    [InlineData(WorkbookText.MaxCellCharacters, true)]
    [InlineData(64 << 20, false)]
    public async Task AWorkbook_IsTakenOnlyIfEveryCellFitsInASpreadsheet(int cellCharacters, bool taken)
    {
        var supervisor = await app.CreateUserAsync(Roles.Supervisor);
        using var client = await app.SignedInClientAsync(supervisor);
        using var response = await WorkbookPackage.UploadAsync(client, "deaths.xlsx", Workbook(cellCharacters));

        Assert.Equal(taken ? HttpStatusCode.Redirect : HttpStatusCode.OK, response.StatusCode);
        if (!taken) Assert.Contains("is not a workbook Excel wrote", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(taken, await app.WithDbAsync(db => db.ImportUploads.AnyAsync(u => u.OwnerId == supervisor.Id)));
    }

    /// <summary>A one-sheet workbook: a header row, then a row whose second cell is <paramref name="characters"/> letters.</summary>
    private static byte[] Workbook(int characters)
    {
        using var bytes = new MemoryStream();
        using (var zip = new ZipArchive(bytes, ZipArchiveMode.Create, leaveOpen: true))
        {
            WorkbookPackage.WriteParts(zip);
            using var sheet = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open(), Encoding.UTF8);
            sheet.Write("""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>ref</t></is></c><c r="B1" t="inlineStr"><is><t>name</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>R1</t></is></c><c r="B2" t="inlineStr"><is><t>""");
            var run = new string('B', 1 << 16);
            for (var left = characters; left > 0; left -= run.Length) sheet.Write(run.AsSpan(0, Math.Min(left, run.Length)));
            sheet.Write("</t></is></c></row></sheetData></worksheet>");
        }
        return bytes.ToArray();
    }
}

[Collection(SqliteCollection.Name)]
public sealed class WorkbookBombTests_Sqlite(SqliteApp app) : WorkbookBombTests(app);

[Collection(PostgresCollection.Name)]
public sealed class WorkbookBombTests_Postgres(PostgresApp app) : WorkbookBombTests(app);
