using Portfolio.Domain.Accounts;

namespace Portfolio.Domain.Transactions;

/// <summary>One entry of an account's append-only log. <see cref="TradeDate"/> is a calendar date in the market's time zone.</summary>
public abstract record Transaction(string Id, DateOnly TradeDate);

/// <summary>A lot named by a specific-identification sale or transfer, and how much of it to take.</summary>
public sealed record LotSelection(string LotId, decimal Quantity);

/// <summary>A lot arriving from another account, with its original basis and acquisition date.</summary>
public sealed record TransferredLot(decimal Quantity, decimal CostBasis, DateOnly AcquiredOn);

public sealed record Buy(string Id, DateOnly TradeDate, string Symbol, decimal Quantity, decimal Price, decimal Fee = 0)
    : Transaction(Id, TradeDate);

/// <param name="Method">Overrides the account's lot method for this sale only.</param>
/// <param name="Lots">Specific identification: the lots to close and how much of each; they must add up to <paramref name="Quantity"/>.</param>
public sealed record Sell(
    string Id, DateOnly TradeDate, string Symbol, decimal Quantity, decimal Price, decimal Fee = 0,
    LotMethod? Method = null, IReadOnlyList<LotSelection>? Lots = null)
    : Transaction(Id, TradeDate);

public sealed record CashDividend(string Id, DateOnly TradeDate, string Symbol, decimal Amount)
    : Transaction(Id, TradeDate);

/// <summary>A dividend of Quantity × Price paid in new shares: income, and a new lot bought at Price.</summary>
public sealed record DividendReinvestment(string Id, DateOnly TradeDate, string Symbol, decimal Quantity, decimal Price)
    : Transaction(Id, TradeDate);

/// <summary>NewShares for every OldShares held (2:1 doubles, 1:10 is a reverse split). A fraction left over is paid in cash at CashInLieuPrice per new share, when given.</summary>
public sealed record Split(string Id, DateOnly TradeDate, string Symbol, decimal NewShares, decimal OldShares, decimal? CashInLieuPrice = null)
    : Transaction(Id, TradeDate);

/// <summary>A non-taxable stock dividend of SharesPerShare new shares per share held; basis spreads over old and new shares.</summary>
public sealed record StockDividend(string Id, DateOnly TradeDate, string Symbol, decimal SharesPerShare, decimal? CashInLieuPrice = null)
    : Transaction(Id, TradeDate);

/// <summary>
/// Holders of Symbol receive SharesPerShare of NewSymbol per share. Basis is split by fair market value on the
/// distribution date: the new shares take (SharesPerShare × NewPrice) / (ParentPrice + SharesPerShare × NewPrice) of it.
/// </summary>
public sealed record SpinOff(
    string Id, DateOnly TradeDate, string Symbol, string NewSymbol, decimal SharesPerShare,
    decimal ParentPrice, decimal NewPrice, decimal? CashInLieuPrice = null)
    : Transaction(Id, TradeDate);

public sealed record TransferIn(string Id, DateOnly TradeDate, string Symbol, IReadOnlyList<TransferredLot> Lots)
    : Transaction(Id, TradeDate);

public sealed record TransferOut(
    string Id, DateOnly TradeDate, string Symbol, decimal Quantity,
    LotMethod? Method = null, IReadOnlyList<LotSelection>? Lots = null)
    : Transaction(Id, TradeDate);

public sealed record Deposit(string Id, DateOnly TradeDate, decimal Amount) : Transaction(Id, TradeDate);

public sealed record Withdrawal(string Id, DateOnly TradeDate, decimal Amount) : Transaction(Id, TradeDate);

/// <summary>A fee charged to the account (not a trade commission, which belongs to its buy or sell).</summary>
public sealed record AccountFee(string Id, DateOnly TradeDate, decimal Amount, string? Symbol = null) : Transaction(Id, TradeDate);

public sealed record Interest(string Id, DateOnly TradeDate, decimal Amount) : Transaction(Id, TradeDate);
