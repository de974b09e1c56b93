namespace Portfolio.Application.Prices;

/// <summary>
/// The close of one symbol on one New York market date: the last valid quote of that date, with its source and time.
/// A later quote of the same date (a correction) replaces it.
/// </summary>
public sealed record DailyClose(string Symbol, DateOnly Date, decimal Price, DateTimeOffset AsOf, string Source);

/// <summary>
/// <see cref="Version"/> grows with every change to any daily close in the store. <see cref="EarliestChangedDate"/> is the
/// earliest market date whose close changed after the version asked about, among the symbols asked about (null: none did).
/// </summary>
public sealed record CloseChanges(long Version, DateOnly? EarliestChangedDate);
