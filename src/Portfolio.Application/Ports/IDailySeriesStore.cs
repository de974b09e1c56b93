using Portfolio.Application.Performance;

namespace Portfolio.Application.Ports;

/// <summary>The stored daily series of each account (see <see cref="SeriesDay"/>), keyed by account and date.</summary>
public interface IDailySeriesStore
{
    /// <summary>
    /// The watermark and the stored days with from ≤ date ≤ to, as one consistent view (days written by a save are never
    /// seen with the watermark of another). Null when nothing is stored for the account.
    /// </summary>
    Task<StoredSeries?> ReadAsync(string accountId, DateOnly from, DateOnly to, CancellationToken ct);

    /// <summary>
    /// Replaces every stored day from <paramref name="replaceFrom"/> on with <paramref name="days"/> (each dated on or
    /// after it) and sets the watermark, as one step, provided the stored revision is still
    /// <paramref name="expectedRevision"/> (0: nothing stored yet). False when another writer saved first: nothing changed.
    /// </summary>
    Task<bool> TrySaveAsync(
        string accountId, long expectedRevision, SeriesWatermark watermark, DateOnly replaceFrom, IReadOnlyList<SeriesDay> days, CancellationToken ct);
}
