namespace Vigil.Data;

/// <summary>The data fixes a store is owed (ADR 3170). A fix that must go through the audited save pipeline cannot be a
/// migration's SQL (ADR 3122), so the migration that calls for it writes a row here instead, in its own transaction with
/// its history row: whatever the process does next, and wherever it dies, the store says the fix is owed. DataSetup runs
/// each owed fix under the migration lock and takes its row out only once the fix is done. Not an entity: bookkeeping of
/// the schema's own state, like EF's history table, and never part of a case.</summary>
public static class OwedDataFixes
{
    public const string Table = "owed_data_fixes";

    /// <summary>ADR 1631's renumbering of unnamed people's action keys.</summary>
    public const string UnnamedActionKeys = "unnamed-action-keys";

    /// <summary>The migration that records <see cref="UnnamedActionKeys"/> owed (both providers).</summary>
    public const string UnnamedActionKeysMigration = "90000000003170_OweUnnamedActionKeyRenumbering";

    /// <summary>ADR 3256: old stores' duplicate active FLO deployments ended (ADR 3122's audited step), then the unique
    /// index that keeps new ones out (<see cref="Family.OneActiveDeployment"/>), in one transaction.</summary>
    public const string OneActiveDeployment = "one-active-deployment";

    /// <summary>The migration that records <see cref="OneActiveDeployment"/> owed (both providers).</summary>
    public const string OneActiveDeploymentMigration = "90000000003256_OweOneActiveDeployment";

    /// <summary>ADR 3267: the liaison rows (<see cref="Family.CaseLiaison"/>) of a store made before their triggers, filled
    /// once from the family tables (<see cref="Family.CaseLiaisonSql.Rebuild"/>).</summary>
    public const string CaseLiaisonRows = "case-liaison-rows";

    /// <summary>The migration that creates the triggers and records <see cref="CaseLiaisonRows"/> owed (both providers).</summary>
    public const string CaseLiaisonRowsMigration = "90000000003267_CaseLiaisonTriggers";

    /// <summary>Both stores' text; run again (the history row taken out by hand), it changes nothing.</summary>
    public const string CreateTable = $"CREATE TABLE IF NOT EXISTS {Table} (\"Fix\" text NOT NULL PRIMARY KEY)";

    public static string Owe(string fix) => $"INSERT INTO {Table} (\"Fix\") VALUES ('{fix}') ON CONFLICT DO NOTHING";

    public const string Read = $"SELECT \"Fix\" AS \"Value\" FROM {Table} ORDER BY \"Fix\"";

    public const string Done = $"DELETE FROM {Table} WHERE \"Fix\" = {{0}}";

    /// <summary><see cref="Done"/> with the fix's name in the text, for a migration's Down.</summary>
    public static string Forgive(string fix) => $"DELETE FROM {Table} WHERE \"Fix\" = '{fix}'";
}
