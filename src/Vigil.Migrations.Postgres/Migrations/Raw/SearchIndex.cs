using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Vigil.Data;

namespace Vigil.Migrations.Postgres.Migrations.Raw;

/// <summary>Search indexes on PostgreSQL (ADR 0701): the match keys as a text[] under GIN (exact keys, OR-ed and
/// AND-ed by the planner), full-text (tsvector, 'simple': names and places are not English words to stem) over
/// addresses and narrative, and pg_trgm over addresses for typed-wrong street names. The queries repeat these
/// expressions exactly, or the planner cannot use the indexes. ADR 2651 (SearchWordColumns) replaced the two tsvector
/// expression indexes with GIN over stored tsvector columns.</summary>
[DbContext(typeof(VigilDbContext))]
[Migration("90000000000701_SearchIndex")]
public sealed class SearchIndex : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS pg_trgm;");
        migrationBuilder.Sql("""CREATE INDEX ix_search_keys ON search_documents USING gin (string_to_array("Keys", ' '));""");
        migrationBuilder.Sql("""CREATE INDEX ix_search_address ON search_documents USING gin (to_tsvector('simple', coalesce("Address", '')));""");
        migrationBuilder.Sql("""CREATE INDEX ix_search_text ON search_documents USING gin (to_tsvector('simple', coalesce("Text", '')));""");
        migrationBuilder.Sql("""CREATE INDEX ix_search_address_trgm ON search_documents USING gin ("Address" gin_trgm_ops);""");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("DROP INDEX IF EXISTS ix_search_address_trgm;");
        migrationBuilder.Sql("DROP INDEX IF EXISTS ix_search_text;");
        migrationBuilder.Sql("DROP INDEX IF EXISTS ix_search_address;");
        migrationBuilder.Sql("DROP INDEX IF EXISTS ix_search_keys;");
    }
}
