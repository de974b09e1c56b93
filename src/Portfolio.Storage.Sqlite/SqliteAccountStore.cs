using System.Globalization;
using Microsoft.Data.Sqlite;
using Portfolio.Application.Accounts;
using Portfolio.Application.Common;
using Portfolio.Application.Ports;

namespace Portfolio.Storage.Sqlite;

/// <summary>Accounts as JSON rows; <see cref="Account.ConcurrencyToken"/> is the row's version number.</summary>
public sealed class SqliteAccountStore(SqliteDatabase database) : IAccountStore, IHeldSymbolsProjection
{
    /// <summary>
    /// The last account read by id, so that a read of an unchanged row (the same version) skips parsing its JSON: every
    /// request to an account's routes reads it first, and every revaluation cycle lists every account. Past
    /// <see cref="CachedAccounts"/> an arbitrary tenth is dropped (the size checked now and then, not per account: see
    /// <see cref="BoundedMap{TValue}"/>).
    /// </summary>
    private readonly BoundedMap<Account> lastRead = new(CachedAccounts);

    /// <summary>As many as the ledger reader keeps (about 1.5 KB an account of ten targets).</summary>
    public const int CachedAccounts = 120_000;

    public async Task<Account?> GetAsync(string ownerId, string accountId, CancellationToken ct)
    {
        var known = lastRead.GetValueOrDefault(accountId);
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT CASE WHEN version = $known THEN NULL ELSE json END, version FROM accounts WHERE id = $id AND owner_id = $owner;";
        command.Parameters.AddWithValue("$id", accountId);
        command.Parameters.AddWithValue("$owner", ownerId);
        command.Parameters.AddWithValue("$known", known?.ConcurrencyToken is { } token ? long.Parse(token, CultureInfo.InvariantCulture) : -1L);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false)) return null;
        // The row's owner matched the query, so a cached copy of the same version is this caller's account.
        if (reader.IsDBNull(0) && known is not null) return known;
        var account = StorageJson.Deserialize<Account>(reader.GetString(0)) with
        {
            ConcurrencyToken = reader.GetInt64(1).ToString(CultureInfo.InvariantCulture),
        };
        Remember(account);
        return account;
    }

    private void Remember(Account account) => lastRead.Set(account.Id, account);

    /// <summary>The cached account when it is of this version: its stored JSON need not be read nor parsed.</summary>
    private Account? Known(string accountId, long version) =>
        lastRead.GetValueOrDefault(accountId) is { } known
        && long.TryParse(known.ConcurrencyToken, NumberStyles.None, CultureInfo.InvariantCulture, out var knownVersion) && knownVersion == version
            ? known
            : null;

    public async Task<IReadOnlyList<Account>> ListByOwnerAsync(string ownerId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT json, version FROM accounts WHERE owner_id = $owner ORDER BY id;";
        command.Parameters.AddWithValue("$owner", ownerId);
        return await ReadAsync(command, ct).ConfigureAwait(false);
    }

    public async Task<bool> TryCreateAsync(Account account, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO accounts (id, owner_id, version, json) VALUES ($id, $owner, 1, $json)
            ON CONFLICT (id) DO NOTHING;
            """;
        command.Parameters.AddWithValue("$id", account.Id);
        command.Parameters.AddWithValue("$owner", account.OwnerId);
        command.Parameters.AddWithValue("$json", ToJson(account));
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
    }

    public async Task<bool> TryReplaceAsync(Account account, CancellationToken ct)
    {
        if (!long.TryParse(account.ConcurrencyToken, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            return false; // a token this store never issued cannot match the stored row
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE accounts SET json = $json, version = version + 1
            WHERE id = $id AND owner_id = $owner AND version = $version;
            """;
        command.Parameters.AddWithValue("$id", account.Id);
        command.Parameters.AddWithValue("$owner", account.OwnerId);
        command.Parameters.AddWithValue("$version", version);
        command.Parameters.AddWithValue("$json", ToJson(account));
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
    }

    /// <summary>Keyset paging by id: the continuation token is the last id returned.</summary>
    public async Task<Page<Account>> ListAllAsync(string? continuationToken, int pageSize, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, version, json FROM accounts WHERE id > $after ORDER BY id LIMIT $take;";
        command.Parameters.AddWithValue("$after", continuationToken ?? "");
        command.Parameters.AddWithValue("$take", pageSize + 1);
        // Every revaluation cycle lists every account: an unchanged row is answered from the cache, its JSON not even read.
        var rows = new List<Account>(pageSize + 1);
        await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                var (id, version) = (reader.GetString(0), reader.GetInt64(1));
                var account = Known(id, version);
                if (account is null)
                {
                    // The column's UTF-8 bytes, parsed as they are: a cold cycle parses every account (a string would be
                    // twice their size, decoded from UTF-8 only for the parser to encode it back).
                    account = AccountJson.Read(reader.GetFieldValue<byte[]>(2), version.ToString(CultureInfo.InvariantCulture));
                    Remember(account);
                }
                rows.Add(account);
            }
        if (rows.Count <= pageSize) return new Page<Account>(rows, null);
        var page = rows.Take(pageSize).ToList();
        return new Page<Account>(page, page[^1].Id);
    }

    /// <summary>The distinct symbols of every account, projected from the stored JSON by SQLite itself.</summary>
    public async Task<IReadOnlyCollection<string>> ListHeldSymbolsAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT held.value FROM accounts, json_each(accounts.json, '$.symbols') AS held;";
        var symbols = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false)) symbols.Add(reader.GetString(0));
        return symbols;
    }

    private static string ToJson(Account account) => StorageJson.Serialize(account with { ConcurrencyToken = null });

    private static async Task<List<Account>> ReadAsync(SqliteCommand command, CancellationToken ct)
    {
        var accounts = new List<Account>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var account = StorageJson.Deserialize<Account>(reader.GetString(0));
            accounts.Add(account with { ConcurrencyToken = reader.GetInt64(1).ToString(CultureInfo.InvariantCulture) });
        }
        return accounts;
    }
}
