namespace Portfolio.Domain.Ledger;

public enum IncomeKind { Dividend, ReinvestedDividend, Interest }

public readonly record struct IncomeEntry(string TransactionId, DateOnly Date, IncomeKind Kind, decimal Amount, string? Symbol);
