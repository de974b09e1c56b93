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
