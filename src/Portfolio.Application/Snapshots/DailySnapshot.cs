namespace Portfolio.Application.Snapshots;

/// <summary>An account's value at the end of a market date, as last computed; a later revaluation of the same date replaces it.</summary>
public sealed record DailySnapshot(
    string AccountId,
    DateOnly Date,
    decimal Value,
    decimal CostBasis,
    decimal Cash,
    DateTimeOffset ComputedAt);
