using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Vigil.Data;

namespace Vigil.Migrations.Sqlite.Migrations.Raw;

/// <summary>Lets a bulk import index its search documents once per batch instead of one trigger run per row (ADR
/// 1501): while a row sits in search_fts_deferred, the insert trigger stands aside, and the writer fills search_fts
/// with one INSERT ... SELECT over the rows it added, in the same transaction, then empties the table again. Any other
/// save (the table empty) is indexed by the trigger as before.</summary>
[DbContext(typeof(VigilDbContext))]
[Migration("90000000001501_SearchIndexDeferrable")]
public sealed class SearchIndexDeferrable : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("CREATE TABLE search_fts_deferred (Batch INTEGER NOT NULL);");
        migrationBuilder.Sql("DROP TRIGGER search_documents_ai;");
        migrationBuilder.Sql("""
            CREATE TRIGGER search_documents_ai AFTER INSERT ON search_documents
            WHEN NOT EXISTS (SELECT 1 FROM search_fts_deferred) BEGIN
                INSERT INTO search_fts(rowid, Keys, Address, Text) VALUES (new.Id, new.Keys, new.Address, new.Text);
            END;
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("DROP TRIGGER search_documents_ai;");
        migrationBuilder.Sql("""
            CREATE TRIGGER search_documents_ai AFTER INSERT ON search_documents BEGIN
                INSERT INTO search_fts(rowid, Keys, Address, Text) VALUES (new.Id, new.Keys, new.Address, new.Text);
            END;
            """);
        migrationBuilder.Sql("DROP TABLE search_fts_deferred;");
    }
}
