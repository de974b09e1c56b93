namespace Portfolio.Domain.Accounts;

/// <summary>The accounting rules of one account.</summary>
/// <param name="TracksCash">When false the account holds securities only: buys and sells are then its external flows.</param>
/// <param name="AllowsFractionalShares">Rebalancing suggests whole shares unless this is set.</param>
/// <param name="MarginAllowance">
/// How far below zero the cash of a cash-tracking account may go (0: never below zero). A buy, fee or withdrawal that
/// would take cash below −MarginAllowance at any date of the log is refused.
/// </param>
public sealed record AccountSettings(
    AccountType Type,
    string Currency,
    LotMethod LotMethod,
    bool TracksCash,
    bool AllowsFractionalShares = false,
    decimal MarginAllowance = 0);
