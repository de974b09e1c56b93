using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Portfolio.Storage.Sqlite;

/// <summary>
/// Opens pooled connections to one database file. Every connection waits on a locked database (busy_timeout) instead of
/// failing at once, and enforces foreign keys.
/// </summary>
public sealed class SqliteDatabase
{
    /// <summary>How long a writer waits for another writer's lock before SQLITE_BUSY surfaces.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    private readonly string _connectionString;

    public SqliteDatabase(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString)
        {
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        };
        if (builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:")
            throw new ArgumentException("SQLite storage needs a database file: WAL and pooled connections do not work with an in-memory database.", nameof(connectionString));
        _connectionString = builder.ToString();
    }

    /// <summary>
    /// Opens a connection for a write of derived data, whose commit is not fsynced (<c>synchronous = NORMAL</c> until the
    /// connection is disposed): revaluation snapshots, drift alerts and compact ledger states are worked out from the log
    /// and the prices and written again by the next revaluation. A power cut may cost the newest of them, never a user's
    /// write and never consistency (WAL keeps commits in order, and the next fsynced commit of any write makes every
    /// earlier one durable too, so nothing relayed from them is lost). FULL is restored before the pool hands the native
    /// connection out again; if that fails, the connection leaves the pool.
    /// </summary>
    internal async Task<DerivedWriteConnection> OpenForDerivedWriteAsync(CancellationToken ct)
    {
        var connection = await OpenAsync(ct).ConfigureAwait(false);
        try
        {
            await SetSynchronousAsync(connection, "NORMAL", ct).ConfigureAwait(false);
            return new DerivedWriteConnection(connection);
        }
        catch
        {
            await DerivedWriteConnection.CloseFullySynchronousAsync(connection).ConfigureAwait(false);
            throw;
        }
    }

    internal static async Task SetSynchronousAsync(SqliteConnection connection, string mode, CancellationToken ct)
    {
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous = " + mode + ";";
        await pragma.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Native connections whose pragmas are set (weak keys: a connection the pool closes drops out).</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> Configured = new();

    public async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            // Pragmas are state of the native connection, which the pool keeps open and hands out again: set them once.
            if (Configured.TryGetValue(connection.Handle!, out _)) return connection;
            await using var pragma = connection.CreateCommand();
            // synchronous = FULL: in WAL mode every commit is fsynced before it returns, so an acknowledged write survives
            // a power cut, not only a crash of this process.
            pragma.CommandText = string.Create(CultureInfo.InvariantCulture,
                $"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = FULL;");
            await pragma.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            Configured.AddOrUpdate(connection.Handle!, Configured);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}

/// <summary>A pooled connection whose commits are not fsynced until it is disposed (<see cref="SqliteDatabase.OpenForDerivedWriteAsync"/>).</summary>
internal sealed class DerivedWriteConnection(SqliteConnection connection) : IAsyncDisposable
{
    public SqliteConnection Connection { get; } = connection;

    public ValueTask DisposeAsync() => new(CloseFullySynchronousAsync(Connection));

    internal static async Task CloseFullySynchronousAsync(SqliteConnection connection)
    {
        try
        {
            await SqliteDatabase.SetSynchronousAsync(connection, "FULL", CancellationToken.None).ConfigureAwait(false);
        }
        catch (SqliteException)
        {
            // Not handed out again with a setting other writes must not inherit.
            SqliteConnection.ClearPool(connection);
        }
        finally
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
