using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Vigil.Data;

namespace Vigil.Migrations.Postgres.Migrations.Raw;

/// <summary>Each document's Address and Text tokenised once, when the row is written (ADR 2651): stored generated
/// tsvector columns, GIN over the columns instead of over the same expressions, and the search-terms trigger harvesting
/// the new rows' stored words. Before, every row was cut three times (two expression indexes and the trigger; 4.6 s of
/// London's COPY was the trigger alone), and the newest-first walk cut each walked row again. The columns are not in the
/// EF model: COPY and inserts name the model's columns only, and PostgreSQL fills these; searches read them by name.
/// Adding them rewrites the table once (a store of 700,000 documents: expect tens of seconds under an exclusive lock).</summary>
[DbContext(typeof(VigilDbContext))]
[Migration("90000000002651_SearchWordColumns")]
public sealed class SearchWordColumns : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        // One ALTER, one rewrite of the table for both columns.
        migrationBuilder.Sql("""
            ALTER TABLE search_documents
                ADD COLUMN address_tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce("Address", ''))) STORED,
                ADD COLUMN text_tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce("Text", ''))) STORED;
            """);
        migrationBuilder.Sql("DROP INDEX ix_search_address;");
        migrationBuilder.Sql("DROP INDEX ix_search_text;");
        migrationBuilder.Sql("CREATE INDEX ix_search_address_tsv ON search_documents USING gin (address_tsv);");
        migrationBuilder.Sql("CREATE INDEX ix_search_text_tsv ON search_documents USING gin (text_tsv);");
        migrationBuilder.Sql("""
            CREATE OR REPLACE FUNCTION search_terms_add() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO search_terms (col, term)
                SELECT x.col, x.term FROM (
                    SELECT DISTINCT v.col, w.term
                    FROM new_documents AS d
                    CROSS JOIN LATERAL (VALUES ('Address', d.address_tsv), ('Text', d.text_tsv)) AS v(col, words)
                    CROSS JOIN LATERAL unnest(tsvector_to_array(v.words)) AS w(term)) AS x
                WHERE NOT EXISTS (SELECT 1 FROM search_terms t WHERE t.col = x.col AND t.term = x.term);
                RETURN NULL;
            END $$;
            """);
        migrationBuilder.Sql("ANALYZE search_documents;");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql($"""
            CREATE OR REPLACE FUNCTION search_terms_add() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO search_terms (col, term)
                SELECT x.col, x.term FROM ({SearchTerms.WordsOf("new_documents")}) AS x
                WHERE NOT EXISTS (SELECT 1 FROM search_terms t WHERE t.col = x.col AND t.term = x.term);
                RETURN NULL;
            END $$;
            """);
        migrationBuilder.Sql("DROP INDEX ix_search_text_tsv;");
        migrationBuilder.Sql("DROP INDEX ix_search_address_tsv;");
        migrationBuilder.Sql("ALTER TABLE search_documents DROP COLUMN text_tsv, DROP COLUMN address_tsv;");
        migrationBuilder.Sql("""CREATE INDEX ix_search_address ON search_documents USING gin (to_tsvector('simple', coalesce("Address", '')));""");
        migrationBuilder.Sql("""CREATE INDEX ix_search_text ON search_documents USING gin (to_tsvector('simple', coalesce("Text", '')));""");
    }
}
