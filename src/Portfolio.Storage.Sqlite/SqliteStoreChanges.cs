using Microsoft.Data.Sqlite;
using Portfolio.Application.Ports;

namespace Portfolio.Storage.Sqlite;

/// <summary>
/// <c>PRAGMA data_version</c> on a connection of its own that never writes: SQLite changes the number it answers on a
/// connection whenever another connection, of this process or of another, committed since (sqlite.org/pragma.html#pragma_data_version).
/// Every write of the product goes through the pooled connections, so every commit moves it. One prepared statement,
/// run under a lock: it is a read of the WAL index, microseconds, where the reads it replaces prepare and run two queries.
/// </summary>
public sealed class SqliteStoreChanges(SqliteDatabase database) : IStoreChanges, IDisposable
{
    private readonly Lock gate = new();
    private SqliteConnection? connection;
    private SqliteCommand? command;
    private bool disposed;

    public async ValueTask<long?> VersionAsync(CancellationToken ct)
    {
        if (Volatile.Read(ref command) is null && !Volatile.Read(ref disposed)) await OpenAsync(ct).ConfigureAwait(false);
        lock (gate)
        {
            if (command is null) return null; // disposed, or closed after a failure: no witness until reopened
            try
            {
                return (long)command.ExecuteScalar()!;
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
        var prepared = opened.CreateCommand();
        prepared.CommandText = "PRAGMA data_version;";
        prepared.Prepare();
        lock (gate)
        {
            if (command is null && !disposed)
            {
                (connection, command) = (opened, prepared);
                return;
            }
        }
        prepared.Dispose();
        await opened.DisposeAsync().ConfigureAwait(false);
    }

    private void CloseLocked()
    {
        command?.Dispose();
        connection?.Dispose();
        (connection, command) = (null, null);
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
