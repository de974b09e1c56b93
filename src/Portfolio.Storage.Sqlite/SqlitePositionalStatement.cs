using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Portfolio.Storage.Sqlite;

/// <summary>
/// One prepared statement on an open connection (inside its transaction), its values bound by position as UTF-8 and
/// stepped once per row: the revaluation writes hundreds of thousands of rows a cycle. SQLitePCL's own statement API
/// rather than a SqliteCommand, because Microsoft.Data.Sqlite binds every parameter by name and from a new string per
/// value, and a page passed as one JSON array makes SQLite parse each row again for every value it extracts; either
/// costs more than storing the row (bench/results/fanout-first-2026-12-02-stop13.txt).
/// </summary>
internal sealed class SqlitePositionalStatement : IDisposable
{
    /// <summary>Room for any decimal as invariant text (29 digits, a sign, a point) or an instant of <see cref="SqliteText.Instant"/>.</summary>
    private const int MaxValueBytes = 64;

    private readonly sqlite3 _handle;
    private readonly sqlite3_stmt _statement;
    private readonly byte[] _buffer = new byte[MaxValueBytes];

    public SqlitePositionalStatement(SqliteConnection connection, string sql)
    {
        _handle = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        Check(raw.sqlite3_prepare_v2(_handle, sql, out _statement));
    }

    /// <summary>Binds <paramref name="value"/> to the 1-based <paramref name="index"/>, NULL when it is null.</summary>
    public void Text(int index, string? value)
    {
        if (value is null) Check(raw.sqlite3_bind_null(_statement, index));
        // Encoded into the statement's buffer (SQLite copies a bound value): SQLitePCL's string overload allocates an
        // array per value, five a row for the alert insert. Ids, symbols and the outbox fit. (An empty span would bind NULL.)
        else if (value.Length is > 0 and <= MaxValueBytes / 3) Utf8(index, _buffer.AsSpan(0, Encoding.UTF8.GetBytes(value, _buffer)));
        else Check(raw.sqlite3_bind_text(_statement, index, value));
    }

    /// <summary>Already UTF-8 (a value shared by many rows, encoded once).</summary>
    public void Utf8(int index, ReadOnlySpan<byte> value) => Check(raw.sqlite3_bind_text(_statement, index, value));

    public void Integer(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    /// <summary>The text <see cref="SqliteText.Money"/> writes, formatted without a new string.</summary>
    public void Money(int index, decimal value)
    {
        if (!value.TryFormat(_buffer, out var written, default, CultureInfo.InvariantCulture))
            throw new InvalidOperationException($"{value} does not fit {MaxValueBytes} bytes");
        Utf8(index, _buffer.AsSpan(0, written));
    }

    /// <summary>Runs the bound row and readies the statement for the next; returns the rows it changed.</summary>
    public int Step()
    {
        StepTo(raw.SQLITE_DONE);
        var changed = raw.sqlite3_changes(_handle);
        Check(raw.sqlite3_reset(_statement));
        return changed;
    }

    /// <summary>Runs a statement that answers one integer (a pragma) and readies it for the next run.</summary>
    public long Integer()
    {
        StepTo(raw.SQLITE_ROW);
        var value = raw.sqlite3_column_int64(_statement, 0);
        Check(raw.sqlite3_reset(_statement));
        return value;
    }

    /// <summary>One step, which must answer <paramref name="expected"/>; otherwise the statement is reset and the error thrown.</summary>
    private void StepTo(int expected)
    {
        var step = raw.sqlite3_step(_statement);
        if (step == expected) return;
        var error = Error(step);
        raw.sqlite3_reset(_statement);
        throw error;
    }

    public void Dispose() => _statement.Dispose();

    private void Check(int code)
    {
        if (code != raw.SQLITE_OK) throw Error(code);
    }

    /// <summary>As Microsoft.Data.Sqlite reports it: the message, the result code and the extended code (a constraint's kind).</summary>
    private SqliteException Error(int code) =>
        new(raw.sqlite3_errmsg(_handle).utf8_to_string(), code, raw.sqlite3_extended_errcode(_handle));
}
