using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Vigil.Data;

namespace Vigil.Migrations.Sqlite.Migrations.Raw;

/// <summary>FTS5 over search_documents (ADR 0701): an external-content table kept in step by triggers, so the text is
/// stored once. unicode61 folds case and accents; '_' joins the match keys ("sd_hale", "ph_7700900481") into one token.</summary>
[DbContext(typeof(VigilDbContext))]
[Migration("90000000000701_SearchIndex")]
public sealed class SearchIndex : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE VIRTUAL TABLE search_fts USING fts5(Keys, Address, Text, content='search_documents', content_rowid='Id',
                tokenize="unicode61 remove_diacritics 2 tokenchars '_'");
            """);
        migrationBuilder.Sql("""
            CREATE TRIGGER search_documents_ai AFTER INSERT ON search_documents BEGIN
                INSERT INTO search_fts(rowid, Keys, Address, Text) VALUES (new.Id, new.Keys, new.Address, new.Text);
            END;
            """);
        migrationBuilder.Sql("""
            CREATE TRIGGER search_documents_ad AFTER DELETE ON search_documents BEGIN
                INSERT INTO search_fts(search_fts, rowid, Keys, Address, Text) VALUES ('delete', old.Id, old.Keys, old.Address, old.Text);
            END;
            """);
        migrationBuilder.Sql("""
            CREATE TRIGGER search_documents_au AFTER UPDATE ON search_documents BEGIN
                INSERT INTO search_fts(search_fts, rowid, Keys, Address, Text) VALUES ('delete', old.Id, old.Keys, old.Address, old.Text);
                INSERT INTO search_fts(rowid, Keys, Address, Text) VALUES (new.Id, new.Keys, new.Address, new.Text);
            END;
            """);
        // Documents saved before this migration (none before the first deployment) are indexed too.
        migrationBuilder.Sql("INSERT INTO search_fts(search_fts) VALUES ('rebuild');");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("DROP TRIGGER IF EXISTS search_documents_au;");
        migrationBuilder.Sql("DROP TRIGGER IF EXISTS search_documents_ad;");
        migrationBuilder.Sql("DROP TRIGGER IF EXISTS search_documents_ai;");
        migrationBuilder.Sql("DROP TABLE IF EXISTS search_fts;");
    }
}
