using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Vigil.Data;

namespace Vigil.Migrations.Postgres.Migrations.Raw;

/// <summary>The words of documents' Address and Text by column, as PostgreSQL's own 'simple' configuration cuts them,
/// so a search can ask for the exact words a prefix begins (ADR 1831, as SQLite does since ADR 1661). GIN answers a
/// prefix ('street':*) by gathering every document of every word it begins into one bitmap before the first row, which
/// turns lossy past work_mem on a million deaths; whole words are read as posting lists, the rarest driving the rest.
/// One statement trigger per insert or update adds the statement's new words (COPY included); words never leave, a stale
/// one only costs an empty OR branch. Terms sort bytewise (COLLATE "C") so a prefix is a range. ADR 2651 (SearchWordColumns)
/// has the trigger read the rows' stored words instead of cutting the text again.</summary>
[DbContext(typeof(VigilDbContext))]
[Migration("90000000001831_SearchTerms")]
public sealed class SearchTerms : Migration
{
    internal static string WordsOf(string table) => $"""
        SELECT DISTINCT v.col, w.term
        FROM {table} AS d
        CROSS JOIN LATERAL (VALUES ('Address', d."Address"), ('Text', d."Text")) AS v(col, body)
        CROSS JOIN LATERAL unnest(tsvector_to_array(to_tsvector('simple', coalesce(v.body, '')))) AS w(term)
        """;

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        // No unique key: with one, a save adding a word another open transaction (an import batch) had just added would
        // wait for that transaction, and two adding two new words in opposite orders would deadlock. A word two
        // transactions add at once is stored twice; readers ask for DISTINCT terms.
        migrationBuilder.Sql("""CREATE TABLE search_terms (col text NOT NULL, term text COLLATE "C" NOT NULL);""");
        migrationBuilder.Sql("CREATE INDEX ix_search_terms_col_term ON search_terms (col, term);");
        migrationBuilder.Sql($"""
            CREATE FUNCTION search_terms_add() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO search_terms (col, term)
                SELECT x.col, x.term FROM ({WordsOf("new_documents")}) AS x
                WHERE NOT EXISTS (SELECT 1 FROM search_terms t WHERE t.col = x.col AND t.term = x.term);
                RETURN NULL;
            END $$;
            """);
        foreach (var (name, verb) in new[] { ("search_documents_terms_ai", "INSERT"), ("search_documents_terms_au", "UPDATE") })
            migrationBuilder.Sql($"""
                CREATE TRIGGER {name} AFTER {verb} ON search_documents REFERENCING NEW TABLE AS new_documents
                FOR EACH STATEMENT EXECUTE FUNCTION search_terms_add();
                """);
        migrationBuilder.Sql($"INSERT INTO search_terms (col, term) {WordsOf("search_documents")};");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("DROP TRIGGER search_documents_terms_au ON search_documents;");
        migrationBuilder.Sql("DROP TRIGGER search_documents_terms_ai ON search_documents;");
        migrationBuilder.Sql("DROP FUNCTION search_terms_add();");
        migrationBuilder.Sql("DROP TABLE search_terms;");
    }
}
