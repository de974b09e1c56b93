using System.Globalization;
using Portfolio.Application.Common;
using Portfolio.Application.Ports;
using Portfolio.Application.Watchlists;

namespace Portfolio.Storage.Sqlite;

/// <summary>One row per user: the symbols as a JSON array, and a version that every write increments (the ETag).</summary>
public sealed class SqliteWatchlistStore(SqliteDatabase database) : IWatchlistStore
{
    internal const string Ddl = """
        CREATE TABLE IF NOT EXISTS watchlists (
            user_id    TEXT    NOT NULL PRIMARY KEY,
            symbols    TEXT    NOT NULL,
            updated_at TEXT    NOT NULL,
            version    INTEGER NOT NULL
        ) WITHOUT ROWID;
        """;

    public async Task<Watchlist?> GetAsync(string userId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT symbols, updated_at, version FROM watchlists WHERE user_id = $user;";
        command.Parameters.AddWithValue("$user", userId);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false)) return null;
        return new Watchlist(userId, StorageJson.Deserialize<List<string>>(reader.GetString(0)), SqliteText.ParseInstant(reader.GetString(1)),
            reader.GetInt64(2).ToString(CultureInfo.InvariantCulture));
    }

    public async Task<bool> TryPutAsync(Watchlist watchlist, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        if (watchlist.ConcurrencyToken is null)
            command.CommandText = """
                INSERT INTO watchlists (user_id, symbols, updated_at, version) VALUES ($user, $symbols, $at, 1)
                ON CONFLICT (user_id) DO NOTHING;
                """;
        else
        {
            if (!long.TryParse(watchlist.ConcurrencyToken, NumberStyles.None, CultureInfo.InvariantCulture, out var version)) return false;
            command.CommandText = """
                UPDATE watchlists SET symbols = $symbols, updated_at = $at, version = version + 1
                WHERE user_id = $user AND version = $version;
                """;
            command.Parameters.AddWithValue("$version", version);
        }
        command.Parameters.AddWithValue("$user", watchlist.UserId);
        command.Parameters.AddWithValue("$symbols", StorageJson.Serialize(watchlist.Symbols.ToList()));
        command.Parameters.AddWithValue("$at", SqliteText.Instant(watchlist.UpdatedAt));
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
    }

    public async Task<IReadOnlyCollection<string>> ListWatchedSymbolsAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT s.value FROM watchlists w, json_each(w.symbols) s ORDER BY 1;";
        var symbols = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false)) symbols.Add(reader.GetString(0));
        return symbols;
    }
}
