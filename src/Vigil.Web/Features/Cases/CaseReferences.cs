namespace Vigil.Web.Features.Cases;

/// <summary>Allocates case references. One atomic upsert reserves a block of numbers for a whole import batch;
/// both SQLite (3.35+) and PostgreSQL support INSERT … ON CONFLICT … RETURNING.</summary>
public static class CaseReferences
{
    public static async Task<long> ReserveAsync(VigilDbContext db, int year, int count, CancellationToken ct)
    {
        var last = await db.Database.SqlQuery<long>(
            $"INSERT INTO reference_counters (\"Year\", \"Next\") VALUES ({year}, {count}) ON CONFLICT (\"Year\") DO UPDATE SET \"Next\" = reference_counters.\"Next\" + {count} RETURNING \"Next\" AS \"Value\"")
            .ToListAsync(ct);
        return last[0] - count + 1;
    }

    public static string Format(int year, long number) =>
        string.Create(CultureInfo.InvariantCulture, $"VGL-{year}-{number:000000}");

    public static string Exhibit(string caseReference, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{caseReference}/EX-{index:00}");
}
