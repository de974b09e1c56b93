namespace Portfolio.Domain.Ledger;

public enum IncomeKind { Dividend, ReinvestedDividend, Interest }

public sealed record IncomeEntry(string TransactionId, DateOnly Date, IncomeKind Kind, decimal Amount, string? Symbol);
