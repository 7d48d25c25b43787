namespace Vigil.Data.Family;

/// <summary>PostgreSQL's triggers for <see cref="CaseLiaison"/> rows: statement triggers (ADR 3286) since migration
/// 90000000003286, the row triggers before them (ADR 3267) kept as their migrations wrote them.</summary>
public static partial class CaseLiaisonSql
{
    /// <summary>The first key of the two-key advisory locks on a case's row (ADR 3267's number); the two-key locks never
    /// meet the one-key ones of the migrations and the audit chain. The second is the case id's hash in 1,024 buckets: a
    /// lock a case, held to the commit, ran out of the lock table on a bulk statement (91,656 contacts of 29,797 cases:
    /// "out of shared memory" at 64 locks a transaction); two cases sharing a bucket only take turns.</summary>
    private const int LockSpace = 3267;

    private const string RefreshFunction = "vigil_case_liaisons_refresh";

    /// <summary>PostgreSQL (ADR 3286): each family table's insert, update and delete statement triggers hand the cases the
    /// statement touched, each once, to one function that makes their rows set-based. An update touches a case only if
    /// the columns the row reads changed (the update trigger cannot name columns once it reads the transition tables).</summary>
    public static string PostgresStatementCreate => RefreshFunctionText + string.Concat(Sources.Select(s => $"""

        CREATE OR REPLACE FUNCTION {StatementFunction(s.Table)}() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
          IF TG_OP = 'INSERT' THEN
            PERFORM {RefreshFunction}(ARRAY(SELECT DISTINCT "CaseId" FROM new_rows));
          ELSIF TG_OP = 'DELETE' THEN
            PERFORM {RefreshFunction}(ARRAY(SELECT DISTINCT "CaseId" FROM old_rows));
          ELSE
            PERFORM {RefreshFunction}(ARRAY(SELECT DISTINCT "CaseId" FROM (
              (SELECT {Read(s)} FROM old_rows EXCEPT ALL SELECT {Read(s)} FROM new_rows)
              UNION ALL (SELECT {Read(s)} FROM new_rows EXCEPT ALL SELECT {Read(s)} FROM old_rows)) changed));
          END IF;
          RETURN NULL;
        END $fn$;
        CREATE TRIGGER {TriggerName(s.Table)}_insert AFTER INSERT ON {s.Table} REFERENCING NEW TABLE AS new_rows
          FOR EACH STATEMENT EXECUTE FUNCTION {StatementFunction(s.Table)}();
        CREATE TRIGGER {TriggerName(s.Table)}_update AFTER UPDATE ON {s.Table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
          FOR EACH STATEMENT EXECUTE FUNCTION {StatementFunction(s.Table)}();
        CREATE TRIGGER {TriggerName(s.Table)}_delete AFTER DELETE ON {s.Table} REFERENCING OLD TABLE AS old_rows
          FOR EACH STATEMENT EXECUTE FUNCTION {StatementFunction(s.Table)}();
        """));

    public static string PostgresStatementDrop => string.Concat(Sources.Select(s =>
        string.Concat(new[] { "insert", "update", "delete" }.Select(op => $"DROP TRIGGER IF EXISTS {TriggerName(s.Table)}_{op} ON {s.Table};\n")) +
        $"DROP FUNCTION IF EXISTS {StatementFunction(s.Table)}();\n")) + $"DROP FUNCTION IF EXISTS {RefreshFunction}(uuid[]);";

    /// <summary>The rows of the cases in <c>touched</c>, each made once. The buckets' locks are taken in their order, so
    /// two statements touching the same buckets take turns instead of each holding one the other waits for (the row
    /// triggers took them row by row: two bulk writers deadlocked). After the locks each statement reads a fresh snapshot
    /// (READ COMMITTED, a volatile function): a writer that waited makes the rows from the other's committed write.
    /// Its plans are generic (index searches by case id, as for one case): left to choose, a new connection's first calls
    /// with one case each kept planning the INSERT again for every save (its generic plan, costed for ten cases, looked
    /// dearer than a plan for one), 2,000 one-row inserts 0.5 s → 4–5 s (round 58).</summary>
    private static string RefreshFunctionText => $"""
        CREATE OR REPLACE FUNCTION {RefreshFunction}(touched uuid[]) RETURNS void LANGUAGE plpgsql
        SET plan_cache_mode = force_generic_plan AS $fn$
        DECLARE bucket int;
        BEGIN
          IF cardinality(touched) = 0 THEN RETURN; END IF;
          FOR bucket IN SELECT DISTINCT hashtext(t.id::text) & 1023 FROM unnest(touched) AS t(id) ORDER BY 1 LOOP
            PERFORM pg_advisory_xact_lock({LockSpace}, bucket);
          END LOOP;
          {Refresh("ANY (touched)")}
        END $fn$;
        """;

    private static string StatementFunction(string table) => $"vigil_{TriggerName(table)}";

    /// <summary>What a table's row holds of the liaison row's inputs: the rows whose case or inputs an update changed
    /// are those in one transition table and not the other.</summary>
    private static string Read((string Table, string[] Columns) source) => $"\"CaseId\", {Quoted(source.Columns)}";

    private const string PostgresFunction = "vigil_case_liaison_changed";

    /// <summary>ADR 3267's row triggers, as migration 90000000003267 made them (and 90000000003286's Down makes them again):
    /// one trigger function (the old and the new case's rows: a family row never moves case, but the function does not
    /// rely on it), one row trigger per table on the columns the row reads. The case's row is made under a transaction
    /// lock on the case id's bucket, and each statement after it reads a fresh snapshot (READ COMMITTED, a volatile
    /// function): two transactions writing one family take turns, and the second makes the row from the first's committed
    /// rows. Without it the second found no row to delete (it was the first's, uncommitted) and its insert failed on the
    /// key, or, as an upsert, wrote a row from a snapshot without the first's write.</summary>
    public static string PostgresRowCreate => $"""
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

    public static string PostgresRowDrop =>
        string.Concat(Sources.Select(s => $"DROP TRIGGER IF EXISTS {TriggerName(s.Table)} ON {s.Table};\n")) + $"DROP FUNCTION IF EXISTS {PostgresFunction}();";
}
