using Microsoft.Data.Sqlite;
using Portfolio.Application.Performance;
using Portfolio.Application.Ports;

namespace Portfolio.Storage.Sqlite;

/// <summary>
/// <c>series_heads</c> holds each account's watermark and revision; <c>series_days</c> one row per account and date. A
/// read is one transaction (a WAL snapshot), a save one immediate transaction that checks the revision first.
/// </summary>
public sealed class SqliteDailySeriesStore(SqliteDatabase database) : IDailySeriesStore
{
    public async Task<StoredSeries?> ReadAsync(string accountId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: true);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT revision, ledger_version, close_version, last_date FROM series_heads WHERE account_id = $account;
            SELECT date, value, cash, net_flow, income, growth FROM series_days
             WHERE account_id = $account AND date >= $from AND date <= $to ORDER BY date;
            """;
        command.Parameters.AddWithValue("$account", accountId);
        command.Parameters.AddWithValue("$from", SqliteText.Date(from));
        command.Parameters.AddWithValue("$to", SqliteText.Date(to));
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false)) return null;
        var revision = reader.GetInt64(0);
        var watermark = new SeriesWatermark(reader.GetInt64(1), reader.GetInt64(2), DateOnly.Parse(reader.GetString(3), System.Globalization.CultureInfo.InvariantCulture));
        await reader.NextResultAsync(ct).ConfigureAwait(false);
        var days = new List<SeriesDay>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            days.Add(new SeriesDay(
                DateOnly.Parse(reader.GetString(0), System.Globalization.CultureInfo.InvariantCulture),
                SqliteText.ParseMoney(reader.GetString(1)), SqliteText.ParseMoney(reader.GetString(2)),
                SqliteText.ParseMoney(reader.GetString(3)), SqliteText.ParseMoney(reader.GetString(4)),
                SqliteText.ParseMoney(reader.GetString(5))));
        return new StoredSeries(revision, watermark, days);
    }

    public async Task<bool> TrySaveAsync(
        string accountId, long expectedRevision, SeriesWatermark watermark, DateOnly replaceFrom, IReadOnlyList<SeriesDay> days, CancellationToken ct)
    {
        if (days.Any(d => d.Date < replaceFrom)) throw new ArgumentException("every day must be on or after replaceFrom", nameof(days));
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using (var head = connection.CreateCommand())
        {
            head.CommandText = "SELECT revision FROM series_heads WHERE account_id = $account;";
            head.Parameters.AddWithValue("$account", accountId);
            var stored = await head.ExecuteScalarAsync(ct).ConfigureAwait(false) is long revision ? revision : 0;
            if (stored != expectedRevision) return false;
        }
        await using (var write = connection.CreateCommand())
        {
            write.CommandText = """
                DELETE FROM series_days WHERE account_id = $account AND date >= $from;
                INSERT INTO series_heads (account_id, revision, ledger_version, close_version, last_date)
                VALUES ($account, $revision, $ledger, $closes, $last)
                ON CONFLICT (account_id) DO UPDATE SET revision = excluded.revision, ledger_version = excluded.ledger_version,
                    close_version = excluded.close_version, last_date = excluded.last_date;
                """;
            write.Parameters.AddWithValue("$account", accountId);
            write.Parameters.AddWithValue("$from", SqliteText.Date(replaceFrom));
            write.Parameters.AddWithValue("$revision", expectedRevision + 1);
            write.Parameters.AddWithValue("$ledger", watermark.LedgerVersion);
            write.Parameters.AddWithValue("$closes", watermark.CloseVersion);
            write.Parameters.AddWithValue("$last", SqliteText.Date(watermark.LastDate));
            await write.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await using (var insert = connection.CreateCommand())
        {
            insert.CommandText = """
                INSERT INTO series_days (account_id, date, value, cash, net_flow, income, growth)
                VALUES ($account, $date, $value, $cash, $flow, $income, $growth);
                """;
            insert.Parameters.AddWithValue("$account", accountId);
            var date = insert.Parameters.Add("$date", SqliteType.Text);
            var value = insert.Parameters.Add("$value", SqliteType.Text);
            var cash = insert.Parameters.Add("$cash", SqliteType.Text);
            var flow = insert.Parameters.Add("$flow", SqliteType.Text);
            var income = insert.Parameters.Add("$income", SqliteType.Text);
            var growth = insert.Parameters.Add("$growth", SqliteType.Text);
            foreach (var day in days)
            {
                date.Value = SqliteText.Date(day.Date);
                value.Value = SqliteText.Money(day.Value);
                cash.Value = SqliteText.Money(day.Cash);
                flow.Value = SqliteText.Money(day.NetFlow);
                income.Value = SqliteText.Money(day.Income);
                growth.Value = SqliteText.Money(day.Growth);
                await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
        }
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return true;
    }
}
