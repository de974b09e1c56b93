using Microsoft.Data.Sqlite;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;

namespace Portfolio.Storage.Sqlite;

/// <summary>One row per symbol with a held suspect quote; holding again replaces it.</summary>
public sealed class SqliteSuspectQuoteStore(SqliteDatabase database) : ISuspectQuoteStore
{
    internal const string Ddl = """
        CREATE TABLE IF NOT EXISTS price_suspects (
            symbol       TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
            ingestion_id TEXT NOT NULL,
            json         TEXT NOT NULL
        ) WITHOUT ROWID;
        """;

    public async Task<IReadOnlyDictionary<string, SuspectQuote>> GetAsync(IReadOnlyCollection<string> symbols, CancellationToken ct)
    {
        var found = new Dictionary<string, SuspectQuote>(StringComparer.OrdinalIgnoreCase);
        if (symbols.Count == 0) return found;
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT ingestion_id, json FROM price_suspects WHERE symbol IN (SELECT value FROM json_each($symbols));";
        command.Parameters.AddWithValue("$symbols", StorageJson.Serialize(symbols.Distinct(StringComparer.OrdinalIgnoreCase).ToList()));
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var quote = StorageJson.Deserialize<Quote>(reader.GetString(1));
            found[quote.Symbol] = new SuspectQuote(quote, reader.GetString(0));
        }
        return found;
    }

    public async Task HoldAsync(IReadOnlyList<SuspectQuote> suspects, CancellationToken ct)
    {
        if (suspects.Count == 0) return;
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO price_suspects (symbol, ingestion_id, json) VALUES ($symbol, $ingestion, $json)
            ON CONFLICT (symbol) DO UPDATE SET ingestion_id = excluded.ingestion_id, json = excluded.json;
            """;
        var symbol = command.Parameters.Add("$symbol", SqliteType.Text);
        var ingestion = command.Parameters.Add("$ingestion", SqliteType.Text);
        var json = command.Parameters.Add("$json", SqliteType.Text);
        foreach (var suspect in suspects)
        {
            symbol.Value = suspect.Quote.Symbol;
            ingestion.Value = suspect.IngestionId;
            json.Value = StorageJson.Serialize(suspect.Quote);
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await transaction.CommitAsync(ct).ConfigureAwait(false);
    }

    public async Task ReleaseAsync(IReadOnlyCollection<string> symbols, CancellationToken ct)
    {
        if (symbols.Count == 0) return;
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM price_suspects WHERE symbol IN (SELECT value FROM json_each($symbols));";
        command.Parameters.AddWithValue("$symbols", StorageJson.Serialize(symbols.ToList()));
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
