using Microsoft.Data.Sqlite;
using Vigil.Data.Bulk;

namespace Vigil.Web.Tests.Features.Import;

/// <summary>The bulk writer's positional binder (ADR 2341) stores every value exactly as Microsoft.Data.Sqlite stores
/// it through a parameter: the same storage class and the same bytes, for each type and parameter setting it takes.</summary>
public sealed class SqliteRowBinderTests
{
    private static readonly object?[] Values =
    [
        null, DBNull.Value, "", "plain", "naïve café ✓ 😀", new string('x', 5000), true, false, (byte)7, (sbyte)-7, (short)-300,
        (ushort)60000, -5, 4_000_000_000u, long.MinValue, 3.25, -0.0, double.MaxValue, 1.5f, new byte[] { 1, 2, 0, 255 },
        Array.Empty<byte>(), Guid.Parse("0a1b2c3d-4e5f-4071-8293-a4b5c6d7e8f9"), new DateTime(2026, 12, 1, 23, 5, 7, DateTimeKind.Utc).AddTicks(1234),
        new DateTime(1999, 1, 2, 3, 4, 5, DateTimeKind.Unspecified), new DateTime(2020, 2, 29, 0, 0, 0, DateTimeKind.Local),
        new DateTimeOffset(2026, 12, 1, 23, 5, 7, TimeSpan.FromHours(1)).AddTicks(10), DateTimeOffset.UnixEpoch,
        new DateOnly(2026, 12, 1), 12.50m, -0.000001m, 79228162514264337593543950335m, 'q', TimeSpan.FromMinutes(-90.5),
        DayOfWeek.Friday, StringComparison.OrdinalIgnoreCase,
    ];

    public static TheoryData<SqliteType?, int?> Settings => new()
    {
        { null, null }, { SqliteType.Text, null }, { SqliteType.Blob, null }, { SqliteType.Integer, null }, { null, 3 }, { SqliteType.Text, -1 },
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public void Binder_StoresEveryValue_AsMicrosoftDataSqliteDoes(SqliteType? type, int? size)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        Run(connection, "CREATE TABLE t (Way TEXT NOT NULL, N INTEGER NOT NULL, V)");
        var compared = 0;
        for (var n = 0; n < Values.Length; n++)
        {
            var value = Values[n];
            var parameter = Parameter(type, size);
            if (!SqliteRowBinder.Binds(value?.GetType() ?? typeof(string), parameter.SqliteType)) continue;
            compared++;

            using (var insert = connection.CreateCommand())
            {
                insert.CommandText = "INSERT INTO t VALUES ('ado', @n, @v)";
                insert.Parameters.AddWithValue("@n", n);
                var through = Parameter(type, size);
                through.ParameterName = "@v";
                through.Value = value ?? DBNull.Value;
                insert.Parameters.Add(through);
                insert.ExecuteNonQuery();
            }
            using var binder = new SqliteRowBinder(connection, "INSERT INTO t VALUES ('raw', ?, ?)");
            binder.Execute([n, value], [Parameter(null, null), parameter]);
        }
        Assert.True(compared > 20);

        using var read = connection.CreateCommand();
        read.CommandText = """
            SELECT a.N, typeof(a.V), quote(a.V), typeof(b.V), quote(b.V)
            FROM t a LEFT JOIN t b ON b.N = a.N AND b.Way = 'raw' WHERE a.Way = 'ado' ORDER BY a.N
            """;
        using var rows = read.ExecuteReader();
        var seen = 0;
        while (rows.Read())
        {
            seen++;
            var n = rows.GetInt32(0);
            Assert.Equal((n, rows.GetString(1), rows.GetString(2)), (n, rows.IsDBNull(3) ? "missing" : rows.GetString(3), rows.IsDBNull(4) ? "missing" : rows.GetString(4)));
        }
        Assert.Equal(compared, seen);
    }

    [Fact]
    public void Binder_RefusesNaN_AsMicrosoftDataSqliteDoes()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        Run(connection, "CREATE TABLE t (V)");
        using var binder = new SqliteRowBinder(connection, "INSERT INTO t VALUES (?)");
        Assert.Throws<InvalidOperationException>(() => binder.Execute([double.NaN], [Parameter(null, null)]));
    }

    [Fact]
    public void Binder_ReportsAConstraintFailure_AsASqliteException_AndGoesOn()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        Run(connection, "CREATE TABLE t (V INTEGER PRIMARY KEY)");
        using var binder = new SqliteRowBinder(connection, "INSERT INTO t VALUES (?)");
        binder.Execute([1], [Parameter(null, null)]);
        var failure = Assert.Throws<SqliteException>(() => binder.Execute([1], [Parameter(null, null)]));
        Assert.Equal(19, failure.SqliteErrorCode); // SQLITE_CONSTRAINT
        binder.Execute([2], [Parameter(null, null)]);
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM t";
        Assert.Equal(2L, count.ExecuteScalar());
    }

    private static SqliteParameter Parameter(SqliteType? type, int? size)
    {
        var parameter = new SqliteParameter();
        if (type is { } t) parameter.SqliteType = t;
        if (size is { } s) parameter.Size = s;
        return parameter;
    }

    private static void Run(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
