namespace Vigil.Data.Family;

/// <summary>How <see cref="CaseLiaison"/> rows are kept (ADR 3267): triggers on the seven family tables recompute the
/// changed case's row in the statement that changed it, so an EF save, a raw SQL import and the next feature's writes all
/// keep it, in their own transaction, with no statement sent by the application (the statement budgets do not move).
/// The same text, with the case's id as a column or a parameter, is the rebuild (`vigil liaison rebuild`, the owed fix).
/// Both stores' SQL: the values are copied, never computed from the time, so SQLite's text times compare as stored.</summary>
public static class CaseLiaisonSql
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

    /// <summary>Case <paramref name="id"/>'s row made again: taken out, then put back if the case has any family row.</summary>
    public static string Refresh(string id) =>
        $"DELETE FROM {Table} WHERE \"CaseId\" = {id};\nINSERT INTO {Table} ({Columns})\n{Select(id)};";

    /// <summary>Every row made again from the family tables, in one transaction with the caller's.</summary>
    public static readonly string Rebuild =
        $"DELETE FROM {Table};\nINSERT INTO {Table} ({Columns})\n" +
        Select("k.\"CaseId\"").Replace("FROM cases c WHERE", $"FROM ({string.Join(" UNION ", Sources.Select(s => $"SELECT \"CaseId\" FROM {s.Table}"))}) k JOIN cases c ON c.\"Id\" = k.\"CaseId\" WHERE", StringComparison.Ordinal) + ";";

    /// <summary>PostgreSQL: the family tables held against writes, reads going on, until the transaction ends (the rebuild's).</summary>
    public static readonly string PostgresHoldWrites = $"LOCK TABLE {string.Join(", ", Sources.Select(s => s.Table))} IN SHARE MODE";

    private const string PostgresFunction = "vigil_case_liaison_changed";

    /// <summary>The first key of the two-key advisory locks on a case's row (ADR 3267's number); the two-key locks never
    /// meet the one-key ones of the migrations and the audit chain. The second is the case id's hash in 1,024 buckets: a
    /// lock a case, held to the commit, ran out of the lock table on a bulk statement (91,656 contacts of 29,797 cases:
    /// "out of shared memory" at 64 locks a transaction); two cases sharing a bucket only take turns.</summary>
    private const int LockSpace = 3267;

    /// <summary>PostgreSQL: one trigger function (the old and the new case's rows: a family row never moves case, but
    /// the function does not rely on it), one row trigger per table on the columns the row reads. The case's row is made
    /// under a transaction lock on the case id, and each statement after it reads a fresh snapshot (READ COMMITTED, a
    /// volatile function): two transactions writing one family take turns, and the second makes the row from the first's
    /// committed rows. Without it the second found no row to delete (it was the first's, uncommitted) and its insert
    /// failed on the key, or, as an upsert, wrote a row from a snapshot without the first's write.</summary>
    public static string PostgresCreate => $"""
        CREATE OR REPLACE FUNCTION {PostgresFunction}() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
          IF TG_OP <> 'INSERT' THEN
            PERFORM pg_advisory_xact_lock({LockSpace}, hashtext(OLD."CaseId"::text) & 1023);
            {Refresh("OLD.\"CaseId\"").Replace("\n", "\n    ", StringComparison.Ordinal)}
          END IF;
          IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW."CaseId" IS DISTINCT FROM OLD."CaseId") THEN
            PERFORM pg_advisory_xact_lock({LockSpace}, hashtext(NEW."CaseId"::text) & 1023);
            {Refresh("NEW.\"CaseId\"").Replace("\n", "\n    ", StringComparison.Ordinal)}
          END IF;
          RETURN NULL;
        END $fn$;
        """ + string.Concat(Sources.Select(s => $"""

        CREATE TRIGGER {TriggerName(s.Table)} AFTER INSERT OR DELETE OR UPDATE OF "CaseId", {Quoted(s.Columns)} ON {s.Table}
          FOR EACH ROW EXECUTE FUNCTION {PostgresFunction}();
        """));

    public static string PostgresDrop =>
        string.Concat(Sources.Select(s => $"DROP TRIGGER IF EXISTS {TriggerName(s.Table)} ON {s.Table};\n")) + $"DROP FUNCTION IF EXISTS {PostgresFunction}();";

    /// <summary>SQLite: no trigger functions, so each table's insert, update and delete triggers carry the text (and a
    /// fourth the old case's, should a row ever move case).</summary>
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
