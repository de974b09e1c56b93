namespace Portfolio.Domain.Returns;

/// <summary>
/// The account's value at the close of <see cref="Date"/>, and the net external flow of that day (money in positive).
/// Convention: a day's external flows happen at its close, after the day's market move, so they are not part of the
/// day's return. This is the sub-period convention of the CFA and GIPS time-weighted return examples, where the
/// portfolio is valued immediately before each external flow.
/// </summary>
public sealed record DailyValue(DateOnly Date, decimal Value, decimal NetFlow);

/// <summary>A flow from the investor's point of view for money-weighted return: money put in is negative.</summary>
public sealed record CashFlow(DateOnly Date, decimal Amount);
