using System.IO.Compression;
using System.Text;

namespace Vigil.Web.Tests.Features.Import;

/// <summary>The parts every hand-made one-sheet workbook needs (the sheet is `xl/worksheets/sheet1.xml`, written by the
/// test), and the upload of a file through the import page.</summary>
public static class WorkbookPackage
{
    public static void WriteParts(ZipArchive zip, bool sharedStrings = false)
    {
        void Part(string name, string xml)
        {
            using var w = new StreamWriter(zip.CreateEntry(name).Open(), Encoding.UTF8);
            w.Write(xml);
        }
        Part("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>""");
        Part("_rels/.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
        Part("xl/workbook.xml", """<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>""");
        var shared = sharedStrings ? """<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>""" : "";
        Part("xl/_rels/workbook.xml.rels", $"""<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>{shared}</Relationships>""");
    }

    /// <summary>The file posted to `/import` by a signed-in client, with the page's form token.</summary>
    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string name, byte[] bytes)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(Infrastructure.Forms.AntiforgeryToken(await client.GetStringAsync("/import"))!), "__RequestVerificationToken" },
            { new ByteArrayContent(bytes), "Spreadsheet", name },
        };
        return await client.PostAsync("/import", form);
    }
}
