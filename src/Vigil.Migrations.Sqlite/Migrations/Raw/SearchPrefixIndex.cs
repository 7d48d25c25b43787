using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Vigil.Data;
using Vigil.Data.Search;

namespace Vigil.Migrations.Sqlite.Migrations.Raw;

/// <summary>Fast prefix words (ADR 1661). FTS5 answers "acorn"* by merging the whole doclist of every word it begins
/// into memory before the first row comes back (0.2-2 s on a million deaths), so search asks for prefixes differently:
/// one to three letters from FTS5 prefix indexes (prefix='1 2 3', read lazily like any word), longer ones by the exact
/// words they begin, looked up in search_terms. search_terms holds every word FTS5 made of an Address or Text, with its column, cut by
/// FTS5 itself: each new document is tokenized by the contentless search_words (same tokenizer), its vocabulary
/// copied, and search_words emptied again. Words never leave search_terms; a stale one only costs an empty OR branch.</summary>
[DbContext(typeof(VigilDbContext))]
[Migration("90000000001661_SearchPrefixIndex")]
public sealed class SearchPrefixIndex : Migration
{
    internal const string Tokenizer = "tokenize=\"unicode61 remove_diacritics 2 tokenchars '_'\"";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("DROP TRIGGER search_documents_au;");
        migrationBuilder.Sql("DROP TRIGGER search_documents_ad;");
        migrationBuilder.Sql("DROP TRIGGER search_documents_ai;");
        migrationBuilder.Sql("DROP TABLE search_fts;");
        migrationBuilder.Sql($"""
            CREATE VIRTUAL TABLE search_fts USING fts5(Keys, Address, Text, content='search_documents', content_rowid='Id',
                {Tokenizer}, prefix='1 2 3');
            """);
        migrationBuilder.Sql("INSERT INTO search_fts(search_fts) VALUES ('rebuild');");
        migrationBuilder.Sql("CREATE TABLE search_terms (Col TEXT NOT NULL, Term TEXT NOT NULL, PRIMARY KEY (Col, Term)) WITHOUT ROWID;");
        migrationBuilder.Sql($"CREATE VIRTUAL TABLE search_words USING fts5(Address, Text, content='', detail=column, {Tokenizer});");
        migrationBuilder.Sql("CREATE VIRTUAL TABLE search_words_vocab USING fts5vocab(search_words, col);");
        SearchIndexTriggers.Create(migrationBuilder, withTerms: true);
        // The words of documents already indexed, straight from the rebuilt index.
        migrationBuilder.Sql("CREATE VIRTUAL TABLE temp.search_fts_columns USING fts5vocab(main, search_fts, col);");
        migrationBuilder.Sql("INSERT OR IGNORE INTO search_terms (Col, Term) SELECT col, term FROM temp.search_fts_columns WHERE col <> 'Keys';");
        migrationBuilder.Sql("DROP TABLE temp.search_fts_columns;");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("DROP TRIGGER search_documents_au;");
        migrationBuilder.Sql("DROP TRIGGER search_documents_ad;");
        migrationBuilder.Sql("DROP TRIGGER search_documents_ai;");
        migrationBuilder.Sql("DROP TABLE search_words_vocab;");
        migrationBuilder.Sql("DROP TABLE search_words;");
        migrationBuilder.Sql("DROP TABLE search_terms;");
        migrationBuilder.Sql("DROP TABLE search_fts;");
        migrationBuilder.Sql($"CREATE VIRTUAL TABLE search_fts USING fts5(Keys, Address, Text, content='search_documents', content_rowid='Id', {Tokenizer});");
        SearchIndexTriggers.Create(migrationBuilder, withTerms: false);
        migrationBuilder.Sql("INSERT INTO search_fts(search_fts) VALUES ('rebuild');");
    }
}

/// <summary>The triggers that keep search_fts (and, from ADR 1661, search_terms) in step with search_documents. The
/// insert trigger stands aside during a bulk batch, which indexes its rows itself (ADR 1501).</summary>
internal static class SearchIndexTriggers
{
    public static void Create(MigrationBuilder m, bool withTerms)
    {
        var terms = withTerms ? "INSERT INTO search_words (Address, Text) VALUES (new.Address, new.Text);\n" + SearchTermsSql.Harvest : "";
        m.Sql($"""
            CREATE TRIGGER search_documents_ai AFTER INSERT ON search_documents
            WHEN NOT EXISTS (SELECT 1 FROM search_fts_deferred) BEGIN
                INSERT INTO search_fts(rowid, Keys, Address, Text) VALUES (new.Id, new.Keys, new.Address, new.Text);
                {terms}
            END;
            """);
        m.Sql("""
            CREATE TRIGGER search_documents_ad AFTER DELETE ON search_documents BEGIN
                INSERT INTO search_fts(search_fts, rowid, Keys, Address, Text) VALUES ('delete', old.Id, old.Keys, old.Address, old.Text);
            END;
            """);
        m.Sql($"""
            CREATE TRIGGER search_documents_au AFTER UPDATE ON search_documents BEGIN
                INSERT INTO search_fts(search_fts, rowid, Keys, Address, Text) VALUES ('delete', old.Id, old.Keys, old.Address, old.Text);
                INSERT INTO search_fts(rowid, Keys, Address, Text) VALUES (new.Id, new.Keys, new.Address, new.Text);
                {terms}
            END;
            """);
    }
}
