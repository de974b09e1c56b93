namespace Portfolio.Application.Performance;

/// <summary>
/// One stored day of an account's daily series, at the close of <see cref="Date"/> (a New York calendar date; every
/// calendar day is stored, weekends included, because transactions may be dated on any day). <see cref="NetFlow"/> is
/// the day's external flow (money in positive), <see cref="Income"/> the dividends and interest booked that day, and
/// <see cref="Growth"/> the chain-linked time-weighted growth factor from the first day of the series to this one.
/// </summary>
public sealed record SeriesDay(DateOnly Date, decimal Value, decimal Cash, decimal NetFlow, decimal Income, decimal Growth);

/// <summary>
/// What a stored series was computed from: the ledger up to sequence <see cref="LedgerVersion"/> and the daily closes at
/// the price store's <see cref="CloseVersion"/>. It holds every day up to <see cref="LastDate"/> (days before the
/// account's first transaction are not stored: their value is zero).
/// </summary>
public sealed record SeriesWatermark(long LedgerVersion, long CloseVersion, DateOnly LastDate);

/// <summary>
/// A consistent read of a stored series: its watermark, its <see cref="Revision"/> (bumped by every save, for optimistic
/// concurrency) and the stored days asked for, oldest first.
/// </summary>
public sealed record StoredSeries(long Revision, SeriesWatermark Watermark, IReadOnlyList<SeriesDay> Days);
