
namespace Vigil.Data;

/// <summary>Transaction-scoped locks that serialise a read-then-write across every Vigil process on one store
/// (several web nodes, a CLI import). Each is taken before its lookup, so the later transaction waits, then reads
/// what the earlier one committed. On SQLite a transaction begins with BEGIN IMMEDIATE and already holds the
/// database's single write lock, so these are no-ops there. Lock order, to rule out deadlock: the administrators, the
/// people register, then the analysts' queue, then the audit chain (which every save takes last, in its interceptor).</summary>
public static class StoreLocks
{
    // Fixed and distinct keys; every Vigil process must use the same ones. The audit chain's is ...4C00.
    /// <summary>Session lock under which nodes started together take turns to migrate (DataSetup).</summary>
    public const long MigrationKey = 0x5649_4749_4C01;
    public const long PeopleRegisterKey = 0x5649_4749_4C02;
    private const long AnalystQueueKey = 0x5649_4749_4C03;
    public const long LinkageWorkerKey = 0x5649_4749_4C04;
    public const long TreeHeadSignerKey = 0x5649_4749_4C05;
    /// <summary>The due-event sweep's turn (ADR 3152): it only saves the other nodes repeating the sweep's reads; that
    /// each event notifies once rests on the notices' unique key, not on this.</summary>
    public const long DueEventSweepKey = 0x5649_4749_4C06;
    private const long AuditVerificationKey = 0x5649_4749_4C07;
    private const long AdministratorsKey = 0x5649_4749_4C08;

    /// <summary>"Find, else create" on the shared people, phone and address registers. Without it two nodes
    /// importing the same new name at once both miss it and both insert it; the second fails on the unique key.</summary>
    public static Task PeopleRegisterAsync(DbContext db, CancellationToken ct) => AcquireAsync(db, PeopleRegisterKey, ct);

    /// <summary>The most register entries whose own locks one transaction takes (<see cref="PeopleRegisterEntriesAsync"/>):
    /// each is a slot of PostgreSQL's shared lock table (max_locks_per_transaction × max_connections, 6,400 by default),
    /// so a large batch (a CLI import of hundreds of records) takes the whole register's lock instead.</summary>
    public const int MaxRegisterEntryLocks = 64;

    // The two-integer key space of advisory locks, apart from the one-bigint keys above (PostgreSQL keeps them apart):
    // one class a register, the entry's key hashed into the second integer.
    private const int PersonEntryClass = 0x5647_0001;
    private const int PhoneEntryClass = 0x5647_0002;
    private const int AddressEntryClass = 0x5647_0003;

    /// <summary>"Find, else create" for these register entries only (ADR 3214): for each person, phone and address key
    /// not on the register yet, its own lock (its register's class and the hash of its key), after the register's lock
    /// SHARED; one statement, ascending (class, hash). Two batches that would create no entry in common do not wait for
    /// each other, and batches that would take their common entries in the same order (no deadlock). A key already on the
    /// register (in the statement's snapshot) is not locked: entries are never deleted, so the look-ups find it and nothing
    /// creates it (an edit's insight, ADR 2403, folded into this statement instead of a look of its own); under load most
    /// of an import's professionals are known. When every key is known no lock is taken at all. The whole register's lock
    /// (<see cref="PeopleRegisterAsync"/>, exclusive: a form's create or edit naming someone new) excludes every holder of
    /// the shared one, so the two kinds exclude each other. Take it before the look-ups, once, in a statement of its own:
    /// the look-ups' snapshot must come after the grant. Two keys with the same hash only wait for each other.
    /// At most <see cref="MaxRegisterEntryLocks"/> keys.</summary>
    public static Task PeopleRegisterEntriesAsync(DbContext db, string[] people, string[] phones, string[] addresses, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql()) return Task.CompletedTask;
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("A store lock lasts for a transaction: begin one first.");
        if (people.Length + phones.Length + addresses.Length > MaxRegisterEntryLocks)
            throw new ArgumentException($"At most {MaxRegisterEntryLocks} register entries' locks in a transaction: take the register's lock instead.");
        // The ORDER BY puts the (volatile) locks after the sort: PostgreSQL evaluates a volatile output column of a sorted
        // query above the Sort node, so the locks are taken one row at a time in ascending (class, hash), the shared lock
        // of the whole register (class 0) first (EXPLAIN VERBOSE on PostgreSQL 15: the CASE is in the node above the Sort).
        return db.Database.ExecuteSqlAsync($"""
            WITH missing AS MATERIALIZED (SELECT DISTINCT c, h FROM (
                    SELECT {PersonEntryClass} AS c, hashtext(x) AS h FROM unnest({people}::text[]) AS x
                        WHERE NOT EXISTS (SELECT 1 FROM people AS e WHERE e."MatchKey" = x)
                    UNION ALL SELECT {PhoneEntryClass}, hashtext(x) FROM unnest({phones}::text[]) AS x
                        WHERE NOT EXISTS (SELECT 1 FROM phones AS e WHERE e."Number" = x)
                    UNION ALL SELECT {AddressEntryClass}, hashtext(x) FROM unnest({addresses}::text[]) AS x
                        WHERE NOT EXISTS (SELECT 1 FROM addresses AS e WHERE e."MatchKey" = x)) AS keys),
                k AS (SELECT 0 AS c, 0 AS h WHERE EXISTS (SELECT 1 FROM missing) UNION ALL SELECT c, h FROM missing)
            SELECT CASE WHEN k.c = 0 THEN length(pg_advisory_xact_lock_shared({PeopleRegisterKey})::text)
                        ELSE length(pg_advisory_xact_lock(k.c, k.h)::text) END
            FROM k ORDER BY k.c, k.h
            """, ct);
    }

    /// <summary>Starting a web verification of the audit trail (ADR 3221): two reviewers pressing at once on two nodes
    /// see each other's run and join it, instead of both reading the whole log. Taken before the chain's lock.</summary>
    public static Task AuditVerificationAsync(DbContext db, CancellationToken ct) => AcquireAsync(db, AuditVerificationKey, ct);

    /// <summary>A change that could leave the force with no active administrator (disabling a user, taking the role
    /// away): "not the last active one" is a rule across rows that no row's token holds, so two administrators disabling
    /// each other at once both passed it (ADR 3258). Taken before the rule's read; the audit chain's after it.</summary>
    public static Task AdministratorsAsync(DbContext db, CancellationToken ct) => AcquireAsync(db, AdministratorsKey, ct);

    /// <summary>Writing linkage alerts: without it two saves scored at once can queue the same pair twice, or propose
    /// a death to a candidate series another save has not yet committed.</summary>
    public static Task AnalystQueueAsync(DbContext db, CancellationToken ct) => AcquireAsync(db, AnalystQueueKey, ct);

    /// <summary>The linkage worker's lease (ADR 1231): a SESSION lock, tried without waiting on the context's open
    /// connection and held while the worker drains the outbox, so exactly one node drains at a time; a node that dies
    /// loses its session and with it the lease. False when another session holds it. Always true on SQLite (one process,
    /// whose worker serialises itself).</summary>
    public static Task<bool> TryLinkageWorkerAsync(DbContext db, CancellationToken ct) => TrySessionLockAsync(db, LinkageWorkerKey, ct);

    /// <summary>Gives the linkage worker's lease back (the session keeps the connection for other work).</summary>
    public static Task ReleaseLinkageWorkerAsync(DbContext db, CancellationToken ct) => ReleaseSessionLockAsync(db, LinkageWorkerKey, ct);

    /// <summary>The tree-head signer's turn (ADR 1602), a session lock like the worker's lease: nodes started together
    /// reach their signing tick together, and without it each read and hashed the same new entries for a head only one
    /// of them keeps. False when another node is signing.</summary>
    public static Task<bool> TryTreeHeadSignerAsync(DbContext db, CancellationToken ct) => TrySessionLockAsync(db, TreeHeadSignerKey, ct);

    public static Task ReleaseTreeHeadSignerAsync(DbContext db, CancellationToken ct) => ReleaseSessionLockAsync(db, TreeHeadSignerKey, ct);

    /// <summary>Runs <paramref name="work"/> holding the session lock <paramref name="key"/> (a turn such as the signer's,
    /// ADR 1602, or the due-event sweep's, ADR 3152) on the context's own connection, opened on the resetting pool
    /// (ADR 2221) and closed after; Held is false, and the work not run, when another session holds it.</summary>
    public static async Task<(bool Held, T? Result)> WhileHoldingAsync<T>(DbContext db, long key, Func<Task<T>> work, CancellationToken ct)
    {
        UseSessionPool(db);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            if (!await TrySessionLockAsync(db, key, ct)) return (false, default);
            try
            {
                return (true, await work());
            }
            finally
            {
                await ReleaseSessionLockAsync(db, key, CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<bool> TrySessionLockAsync(DbContext db, long key, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql()) return true;
        RequireSessionPool(db);
        return await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_lock({key}) AS \"Value\"").SingleAsync(ct);
    }

    private static async Task ReleaseSessionLockAsync(DbContext db, long key, CancellationToken ct)
    {
        if (db.Database.IsNpgsql()) await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({key})", ct);
    }

    /// <summary>Moves a PostgreSQL context whose connection is closed to <see cref="VigilDatabase.SessionPool"/>: call it
    /// before opening the connection on which a session lock is taken (ADR 2221). The ordinary pool skips Npgsql's
    /// reset, so a session lock left held on one of its connections would pass to the next request that takes it.</summary>
    public static void UseSessionPool(DbContext db)
    {
        if (db.Database.IsNpgsql()) db.Database.SetConnectionString(VigilDatabase.SessionPool(db.Database.GetConnectionString()!));
    }

    /// <summary>Refuses a session lock on a connection its pool will not reset.</summary>
    public static void RequireSessionPool(DbContext db)
    {
        if (db.Database.IsNpgsql() && !VigilDatabase.ResetsOnClose(db.Database.GetConnectionString()!))
            throw new InvalidOperationException("A session lock needs a connection its pool resets: call StoreLocks.UseSessionPool before opening it (ADR 2221).");
    }

    private static async Task AcquireAsync(DbContext db, long key, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql()) return;
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("A store lock lasts for a transaction: begin one first.");
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({key})", ct);
    }
}
