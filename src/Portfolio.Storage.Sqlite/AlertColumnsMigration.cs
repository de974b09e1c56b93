using Microsoft.Data.Sqlite;

namespace Portfolio.Storage.Sqlite;

/// <summary>
/// Schema version 2: alerts keep their fields in columns instead of a JSON document (the first revaluation after
/// targets are set opens hundreds of thousands at once). Existing rows are migrated in place: each document's fields are
/// copied into the new columns (numbers were written as strings, so the text is exact) and the JSON column is dropped.
/// A database created by this version already has the columns and nothing is done.
/// </summary>
internal static class AlertColumnsMigration
{
    private const string MoveOutOfJson = """
        ALTER TABLE alerts ADD COLUMN current_percent TEXT NULL;
        ALTER TABLE alerts ADD COLUMN target_percent  TEXT NULL;
        ALTER TABLE alerts ADD COLUMN drift           TEXT NULL;
        ALTER TABLE alerts ADD COLUMN action          TEXT NULL;
        ALTER TABLE alerts ADD COLUMN quantity        TEXT NULL;
        UPDATE alerts SET
            current_percent = json_extract(json, '$.currentPercent'),
            target_percent  = json_extract(json, '$.targetPercent'),
            drift           = json_extract(json, '$.drift'),
            action          = json_extract(json, '$.action'),
            quantity        = json_extract(json, '$.quantity');
        ALTER TABLE alerts DROP COLUMN json;
        """;

    public static async Task ApplyAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken ct)
    {
        var hasJson = await SqliteSchema.ScalarAsync(connection, transaction,
            "SELECT count(*) FROM pragma_table_info('alerts') WHERE name = 'json';", ct).ConfigureAwait(false);
        if (hasJson is long count && count > 0)
            await SqliteSchema.ExecuteAsync(connection, transaction, MoveOutOfJson, ct).ConfigureAwait(false);
    }
}
