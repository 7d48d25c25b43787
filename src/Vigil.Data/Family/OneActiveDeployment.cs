namespace Vigil.Data.Family;

/// <summary>At most one active deployment of an officer on a case (ADR 3256): a unique index over the deployments not
/// ended. "Deploy me as FLO" reads first and refuses a second (ADR 3122's fix of walk31); two requests in the same
/// milliseconds both passed that read and the family was shown the officer twice. The index is not in the EF model: it
/// is created by the owed data fix <see cref="OwedDataFixes.OneActiveDeployment"/> right after the duplicates of old stores
/// are ended, audited, in the same transaction; a migration could not end them through the audited save (ADR 3122).</summary>
public static class OneActiveDeployment
{
    public const string Index = "IX_flo_deployments_one_active";

    /// <summary>Both stores' text (partial indexes: PostgreSQL, and SQLite since 3.8); run again, it changes nothing.</summary>
    public const string Create = $"CREATE UNIQUE INDEX IF NOT EXISTS \"{Index}\" ON flo_deployments (\"CaseId\", \"OfficerUserId\") WHERE \"EndedAt\" IS NULL";

    public const string Drop = $"DROP INDEX IF EXISTS \"{Index}\"";
}
