using System.Buffers;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Vigil.Data.Bulk;

/// <summary>SQLite: binds one statement's values by position straight into the native statement, as
/// Microsoft.Data.Sqlite's own binder would bind them (same storage class and text for every type it knows, the
/// parameter's SqliteType and Size honoured), without looking each parameter up by name on every execution, building a
/// data reader per row, or allocating a UTF-8 copy of each string (ADR 2341). <c>SqliteRowBinderTests</c> holds it to
/// Microsoft.Data.Sqlite's storage of every type, value for value.</summary>
internal sealed class SqliteRowBinder : IDisposable
{
    private readonly sqlite3 db;
    private readonly sqlite3_stmt statement;
    private byte[] utf8 = ArrayPool<byte>.Shared.Rent(1024);

    public SqliteRowBinder(SqliteConnection connection, string sql)
    {
        db = connection.Handle!;
        var rc = raw.sqlite3_prepare_v2(db, sql, out statement);
        SqliteException.ThrowExceptionForRC(rc, db);
    }

    /// <summary>Binds <paramref name="values"/> (provider values, null for NULL) to the statement's parameters 1..n, each as
    /// <paramref name="parameters"/>[i] (its SqliteType and Size) would bind it, then runs the statement once.</summary>
    public void Execute(object?[] values, SqliteParameter[] parameters)
    {
        for (var i = 0; i < values.Length; i++) Bind(i + 1, values[i], parameters[i]);
        var rc = raw.sqlite3_step(statement);
        if (rc != raw.SQLITE_DONE)
        {
            raw.sqlite3_reset(statement);
            SqliteException.ThrowExceptionForRC(rc, db);
        }
        rc = raw.sqlite3_reset(statement);
        SqliteException.ThrowExceptionForRC(rc, db);
    }

    private void Bind(int index, object? value, SqliteParameter parameter)
    {
        var rc = value switch
        {
            null or DBNull => raw.sqlite3_bind_null(statement, index),
            string s => BindText(index, s, parameter),
            _ => BindOther(index, value, parameter),
        };
        SqliteException.ThrowExceptionForRC(rc, db);
    }

    /// <summary>Microsoft.Data.Sqlite's rules for every other type: enums as their underlying integer, dates and times as
    /// its text formats (or Julian days when the parameter says Real), Guid as upper-case text unless Blob, decimal as text.</summary>
    private int BindOther(int index, object value, SqliteParameter parameter)
    {
        var type = parameter.SqliteType; // the parameter's own, else Text (its value is null here): as the binder decides
        return value switch
        {
            bool b => raw.sqlite3_bind_int64(statement, index, b ? 1 : 0),
            byte v => raw.sqlite3_bind_int64(statement, index, v),
            sbyte v => raw.sqlite3_bind_int64(statement, index, v),
            short v => raw.sqlite3_bind_int64(statement, index, v),
            ushort v => raw.sqlite3_bind_int64(statement, index, v),
            int v => raw.sqlite3_bind_int64(statement, index, v),
            uint v => raw.sqlite3_bind_int64(statement, index, v),
            long v => raw.sqlite3_bind_int64(statement, index, v),
            double v => BindDouble(index, v),
            float v => BindDouble(index, v),
            byte[] blob => BindBlob(index, blob, parameter),
            Guid g when type == SqliteType.Blob => BindBlob(index, g.ToByteArray(), parameter),
            Guid g => BindAscii(index, g, "D", parameter, upper: true),
            DateTime d when type != SqliteType.Real => BindAscii(index, d, @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", parameter),
            DateTimeOffset d when type != SqliteType.Real => BindAscii(index, d, @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFFzzz", parameter),
            DateOnly d when type != SqliteType.Real => BindText(index, d.ToString(@"yyyy\-MM\-dd", CultureInfo.InvariantCulture), parameter),
            decimal m => BindText(index, m.ToString("0.0###########################", CultureInfo.InvariantCulture), parameter),
            char c when type != SqliteType.Integer => BindText(index, new string(c, 1), parameter),
            char c => raw.sqlite3_bind_int64(statement, index, c),
            TimeSpan t when type != SqliteType.Real => BindText(index, t.ToString("c", CultureInfo.InvariantCulture), parameter),
            Enum e when Type.GetTypeCode(e.GetType()) != TypeCode.UInt64 => raw.sqlite3_bind_int64(statement, index, Convert.ToInt64(e, CultureInfo.InvariantCulture)),
            // Anything rarer (Julian days, ulong, TimeOnly, ...) is bound by Microsoft.Data.Sqlite itself: the bulk writer
            // checks every column's provider type before it takes this path (Binds).
            _ => throw new NotSupportedException($"{value.GetType()} is not bound by {nameof(SqliteRowBinder)} (ADR 2341)"),
        };
    }

    /// <summary>Whether every value of a provider type this binder takes is bound as Microsoft.Data.Sqlite binds it for a
    /// parameter of this SqliteType.</summary>
    public static bool Binds(Type providerType, SqliteType type)
    {
        var t = Nullable.GetUnderlyingType(providerType) ?? providerType;
        if (t.IsEnum) return Type.GetTypeCode(t) != TypeCode.UInt64;
        if (t == typeof(DateTime) || t == typeof(DateTimeOffset) || t == typeof(DateOnly) || t == typeof(TimeSpan)) return type != SqliteType.Real;
        return t == typeof(string) || t == typeof(bool) || t == typeof(byte) || t == typeof(sbyte) || t == typeof(short)
            || t == typeof(ushort) || t == typeof(int) || t == typeof(uint) || t == typeof(long) || t == typeof(double)
            || t == typeof(float) || t == typeof(byte[]) || t == typeof(Guid) || t == typeof(decimal) || t == typeof(char);
    }

    private int BindDouble(int index, double value) =>
        double.IsNaN(value)
            ? throw new InvalidOperationException("Cannot store 'NaN' values.") // Microsoft.Data.Sqlite refuses it too
            : raw.sqlite3_bind_double(statement, index, value);

    private int BindBlob(int index, byte[] value, SqliteParameter parameter)
    {
        var length = Truncated(value.Length, parameter);
        return raw.sqlite3_bind_blob(statement, index, value.AsSpan(0, length));
    }

    /// <summary>Text as UTF-8 from a reused buffer (SQLite copies it: SQLITE_TRANSIENT).</summary>
    private int BindText(int index, string value, SqliteParameter parameter)
    {
        var text = value.AsSpan(0, Truncated(value.Length, parameter));
        // An empty span would pin to a null pointer, which SQLite binds as NULL: "" goes as Microsoft.Data.Sqlite sends it.
        if (text.IsEmpty) return raw.sqlite3_bind_text(statement, index, string.Empty);
        var needed = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (needed > utf8.Length)
        {
            ArrayPool<byte>.Shared.Return(utf8);
            utf8 = ArrayPool<byte>.Shared.Rent(needed);
        }
        var length = Encoding.UTF8.GetBytes(text, utf8);
        return raw.sqlite3_bind_text(statement, index, utf8.AsSpan(0, length));
    }

    /// <summary>A key or an instant written as UTF-8 straight into the buffer, in the text Microsoft.Data.Sqlite makes of
    /// it (Guid: "D", upper case); ASCII, so a Size cuts bytes as it would cut characters.</summary>
    private int BindAscii<T>(int index, T value, string format, SqliteParameter parameter, bool upper = false) where T : IUtf8SpanFormattable
    {
        if (!value.TryFormat(utf8, out var length, format, CultureInfo.InvariantCulture))
            throw new InvalidOperationException($"{typeof(T)} does not fit {utf8.Length} bytes");
        if (upper) System.Text.Ascii.ToUpperInPlace(utf8.AsSpan(0, length), out length);
        length = Truncated(length, parameter);
        return length == 0 ? raw.sqlite3_bind_text(statement, index, string.Empty) : raw.sqlite3_bind_text(statement, index, utf8.AsSpan(0, length));
    }

    /// <summary>Microsoft.Data.Sqlite cuts a string or blob to a parameter's Size when one is set (and not -1).</summary>
    private static int Truncated(int length, SqliteParameter parameter)
    {
        var size = parameter.Size; // with a null value: the Size set, else 0
        return size > 0 && length > size ? size : length;
    }

    public void Dispose()
    {
        statement.Dispose();
        ArrayPool<byte>.Shared.Return(utf8);
    }
}
