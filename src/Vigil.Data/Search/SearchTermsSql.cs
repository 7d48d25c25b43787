namespace Vigil.Data.Search;

/// <summary>SQLite: the words FTS5 made of documents' Address and Text, by column, kept in search_terms so a search can ask for
/// the exact words a prefix begins instead of FTS5's slow prefix merge (ADR 1661). New documents are tokenized by the
/// contentless FTS5 table search_words (the index's own tokenizer), its vocabulary copied, and it is emptied again.</summary>
public static class SearchTermsSql
{
    public const string Harvest = """
        INSERT OR IGNORE INTO search_terms (Col, Term) SELECT col, term FROM search_words_vocab;
        INSERT INTO search_words (search_words) VALUES ('delete-all');
        """;
}
