namespace Vigil.Data.Family;

/// <summary>How <see cref="CaseLiaison"/> rows are kept (ADR 3267): triggers on the seven family tables recompute the
/// changed cases' rows in the statement that changed them, so an EF save, a raw SQL import and the next feature's writes
/// all keep them, in their own transaction, with no statement sent by the application (the statement budgets do not move).
/// The same text, with the case's id as a column, a parameter or an array, is the rebuild (`vigil liaison rebuild`, the
/// owed fix). Both stores' SQL: the values are copied, never computed from the time, so SQLite's text times compare as
/// stored. SQLite's row triggers are here; PostgreSQL's statement triggers (ADR 3286) in CaseLiaisonSql.Postgres.cs.</summary>
public static partial class CaseLiaisonSql
{
    public const string Table = "case_liaisons";

    /// <summary>The family tables and the columns of each that the row reads (an UPDATE of none of them changes nothing).</summary>
    public static readonly IReadOnlyList<(string Table, string[] Columns)> Sources =
    [
        ("family_files", ["IdentifiedAt", "LiaisonEndedAt"]),
        ("flo_deployments", ["DeployedAt", "EndedAt"]),
        ("family_members", ["CreatedAt"]),
        ("family_questions", ["AskedAt", "DueAt", "AnsweredAt"]),
        ("family_contacts", ["At", "NextContactDue"]),
        ("family_tasks", ["DueAt", "DoneAt"]),
        ("family_submissions", ["AssessedAt"]),
    ];

    private const string Columns = "\"CaseId\", \"Reference\", \"HasFile\", \"FirstStartAt\", \"LatestContactAt\", \"LatestContactNextDue\", " +
        "\"OpenQuestionDueAt\", \"OpenTaskDueAt\", \"UnassessedSubmissions\", \"LiaisonEnded\", \"ActiveDeployments\", \"EverDeployed\"";

    /// <summary>The row of case <paramref name="id"/> (a column or parameter) from the family tables, or no row when the
    /// case has none. Every value is an index search on the table's case id.</summary>
    private static string Select(string id) => $"""
        SELECT c."Id", c."Reference",
          EXISTS (SELECT 1 FROM family_files f WHERE f."CaseId" = c."Id"),
          (SELECT MIN(s.at) FROM (
             SELECT f."IdentifiedAt" AS at FROM family_files f WHERE f."CaseId" = c."Id"
             UNION ALL SELECT d."DeployedAt" FROM flo_deployments d WHERE d."CaseId" = c."Id"
             UNION ALL SELECT m."CreatedAt" FROM family_members m WHERE m."CaseId" = c."Id"
             UNION ALL SELECT q."AskedAt" FROM family_questions q WHERE q."CaseId" = c."Id") s),
          (SELECT MAX(x."At") FROM family_contacts x WHERE x."CaseId" = c."Id"),
          (SELECT x."NextContactDue" FROM family_contacts x WHERE x."CaseId" = c."Id"
             ORDER BY x."At" DESC, x."NextContactDue" IS NULL, x."NextContactDue" LIMIT 1),
          (SELECT MIN(q."DueAt") FROM family_questions q WHERE q."CaseId" = c."Id" AND q."AnsweredAt" IS NULL),
          (SELECT MIN(t."DueAt") FROM family_tasks t WHERE t."CaseId" = c."Id" AND t."DoneAt" IS NULL),
          (SELECT COUNT(*) FROM family_submissions u WHERE u."CaseId" = c."Id" AND u."AssessedAt" IS NULL),
          EXISTS (SELECT 1 FROM family_files f WHERE f."CaseId" = c."Id" AND f."LiaisonEndedAt" IS NOT NULL),
          (SELECT COUNT(*) FROM flo_deployments d WHERE d."CaseId" = c."Id" AND d."EndedAt" IS NULL),
          EXISTS (SELECT 1 FROM flo_deployments d WHERE d."CaseId" = c."Id")
        FROM cases c WHERE c."Id" = {id} AND ({HasAny("c.\"Id\"")})
        """;

    private static string HasAny(string id) =>
        string.Join(" OR ", Sources.Select(s => $"EXISTS (SELECT 1 FROM {s.Table} WHERE \"CaseId\" = {id})"));

    /// <summary>Case <paramref name="id"/>'s row made again: taken out, then put back if the case has any family row.
    /// <paramref name="id"/> may be <c>ANY (array)</c>: every case of the array's, each once, in two statements.</summary>
    public static string Refresh(string id) =>
        $"DELETE FROM {Table} WHERE \"CaseId\" = {id};\nINSERT INTO {Table} ({Columns})\n{Select(id)};";

    /// <summary>Every row made again from the family tables, in one transaction with the caller's.</summary>
    public static readonly string Rebuild =
        $"DELETE FROM {Table};\nINSERT INTO {Table} ({Columns})\n" +
        Select("k.\"CaseId\"").Replace("FROM cases c WHERE", $"FROM ({string.Join(" UNION ", Sources.Select(s => $"SELECT \"CaseId\" FROM {s.Table}"))}) k JOIN cases c ON c.\"Id\" = k.\"CaseId\" WHERE", StringComparison.Ordinal) + ";";

    /// <summary>PostgreSQL: the family tables held against writes, reads going on, until the transaction ends (the rebuild's).</summary>
    public static readonly string PostgresHoldWrites = $"LOCK TABLE {string.Join(", ", Sources.Select(s => s.Table))} IN SHARE MODE";

    /// <summary>SQLite: no trigger functions, so each table's insert, update and delete triggers carry the text (and a
    /// fourth the old case's, should a row ever move case). Row triggers only: SQLite has no statement triggers (FOR EACH
    /// ROW is all it implements), so a bulk statement there still makes a case's row once per family row (ADR 3286).</summary>
    public static string SqliteCreate => string.Concat(Sources.Select(s => $"""
        CREATE TRIGGER {TriggerName(s.Table)}_insert AFTER INSERT ON {s.Table} BEGIN
        {Refresh("NEW.\"CaseId\"")}
        END;
        CREATE TRIGGER {TriggerName(s.Table)}_update AFTER UPDATE OF "CaseId", {Quoted(s.Columns)} ON {s.Table} BEGIN
        {Refresh("NEW.\"CaseId\"")}
        END;
        CREATE TRIGGER {TriggerName(s.Table)}_moved AFTER UPDATE OF "CaseId" ON {s.Table} WHEN OLD."CaseId" <> NEW."CaseId" BEGIN
        {Refresh("OLD.\"CaseId\"")}
        END;
        CREATE TRIGGER {TriggerName(s.Table)}_delete AFTER DELETE ON {s.Table} BEGIN
        {Refresh("OLD.\"CaseId\"")}
        END;

        """));

    public static string SqliteDrop => string.Concat(Sources.SelectMany(s => new[] { "insert", "update", "moved", "delete" },
        (s, op) => $"DROP TRIGGER IF EXISTS {TriggerName(s.Table)}_{op};\n"));

    private static string TriggerName(string table) => $"case_liaison_from_{table}";

    private static string Quoted(string[] columns) => string.Join(", ", columns.Select(c => $"\"{c}\""));
}
