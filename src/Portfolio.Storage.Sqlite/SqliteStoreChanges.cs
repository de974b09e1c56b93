using Microsoft.Data.Sqlite;
using Portfolio.Application.Ports;

namespace Portfolio.Storage.Sqlite;

/// <summary>
/// <c>PRAGMA data_version</c> on a connection of its own that never writes: SQLite changes the number it answers on a
/// connection whenever another connection, of this process or of another, committed since (sqlite.org/pragma.html#pragma_data_version).
/// Every write of the product goes through the pooled connections, so every commit moves it. One prepared statement,
/// stepped through SQLitePCL under a lock: a read of the WAL index, about a microsecond, where the reads it replaces
/// prepare and run two queries. (Through a SqliteCommand the reader objects made the lock the busiest in the process.)
/// </summary>
public sealed class SqliteStoreChanges(SqliteDatabase database) : IStoreChanges, IDisposable
{
    private readonly Lock gate = new();
    private SqliteConnection? connection;
    private SqlitePositionalStatement? statement;
    private bool disposed;

    public async ValueTask<long?> VersionAsync(CancellationToken ct)
    {
        if (Volatile.Read(ref statement) is null && !Volatile.Read(ref disposed))
        {
            try
            {
                await OpenAsync(ct).ConfigureAwait(false);
            }
            catch (SqliteException)
            {
                return null; // readers check their rows, which report a database that does not open
            }
        }
        lock (gate)
        {
            if (statement is null) return null; // disposed, or closed after a failure: no witness until reopened
            try
            {
                return statement.Integer();
            }
            catch (SqliteException)
            {
                // No witness this time (readers check their rows, which report the error if it persists); reopened on the next call.
                CloseLocked();
                return null;
            }
        }
    }

    private async Task OpenAsync(CancellationToken ct)
    {
        var opened = await database.OpenAsync(ct).ConfigureAwait(false);
        SqlitePositionalStatement prepared;
        try
        {
            prepared = new SqlitePositionalStatement(opened, "PRAGMA data_version;");
        }
        catch
        {
            await opened.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        lock (gate)
        {
            if (statement is null && !disposed)
            {
                (connection, statement) = (opened, prepared);
                return;
            }
        }
        prepared.Dispose();
        await opened.DisposeAsync().ConfigureAwait(false);
    }

    private void CloseLocked()
    {
        statement?.Dispose();
        connection?.Dispose();
        (connection, statement) = (null, null);
    }

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            CloseLocked();
        }
    }
}
