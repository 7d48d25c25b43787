using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Enquiries;
using Vigil.Data.Identity;
using Vigil.Web.Features.Enquiries.Decisions;
using Vigil.Web.Features.Export;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Export;

/// <summary>A CSV export's text cells never run as a spreadsheet formula (ADR 3014): a name, cause or rationale starting
/// with = + - @ (or a tab or carriage return before one) is written with a leading apostrophe; the coordinates Vigil
/// formats itself are written as they are.</summary>
public abstract class CsvExportTests(VigilAppFactory app)
{
    [Fact]
    public async Task ExportCsv_WritesFormulaLikeText_AsText()
    {
        var supervisor = await app.CreateUserAsync(Roles.Supervisor);
        var record = Samples.Record(name: "=HYPERLINK(\"http://example.invalid\",\"open\")") with { CauseOfDeath = "@SUM(1+1)" };
        var c = await app.CreateCaseAsync(supervisor, record);
        var csv = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<VigilDbContext>();
            using var buffer = new MemoryStream();
            await new ExportService(db).ExportAsync(buffer, ExportFormat.Csv, db.Cases.Where(x => x.Id == c.Id), default);
            return Encoding.UTF8.GetString(buffer.ToArray());
        });
        var row = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries)[1];
        Assert.Contains("\"'=HYPERLINK(\"\"http://example.invalid\"\",\"\"open\"\")\"", row, StringComparison.Ordinal);
        Assert.Contains(",'@SUM(1+1),", row, StringComparison.Ordinal);
        Assert.DoesNotContain(",=", row, StringComparison.Ordinal);
        Assert.DoesNotContain(",@", row, StringComparison.Ordinal);
        // West of Greenwich: the longitude is a number, not text.
        Assert.Contains(",-0.0877,", row, StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CsvExportTests_Sqlite(SqliteApp app) : CsvExportTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CsvExportTests_Postgres(PostgresApp app) : CsvExportTests(app);

/// <summary>The decision log's CSV (GET /api/v1/cases/{id}/decisions.csv) escaped = + - @ already; a tab or carriage return
/// before a formula went out as it was (ADR 3014).</summary>
public sealed class DecisionCsvTests
{
    [Theory]
    [InlineData("\t=HYPERLINK(\"http://example.invalid\")")]
    [InlineData("\r=1+1")]
    [InlineData("=1+1")]
    [InlineData("-2+3")]
    // Spaces before a formula, and the full-width signs an East Asian keyboard types (round 37's review).
    [InlineData("  =1+1")]
    [InlineData("\u00a0@SUM(A1)")]
    [InlineData("\uff1d1+1")]
    [InlineData("\uff0bcmd")]
    public void ACellAFormulaCouldStartIn_IsWrittenAsText(string rationale)
    {
        var csv = DecisionCsv.Write([new CaseDecision { Sequence = 1, At = new DateTime(2026, 1, 2, 0, 0, 0, DateTimeKind.Utc), Kind = "classification", Rationale = rationale, DecidedBy = "sam", DecidedByRole = "supervisor" }]);
        var row = csv.Split("\r\n", 2)[1];
        var cells = row.Split(',');
        var cell = cells[5].TrimStart('"');
        Assert.StartsWith("'", cell, StringComparison.Ordinal);
    }
}
