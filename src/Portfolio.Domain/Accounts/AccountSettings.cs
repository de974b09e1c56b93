namespace Portfolio.Domain.Accounts;

/// <summary>The accounting rules of one account.</summary>
/// <param name="TracksCash">When false the account holds securities only: buys and sells are then its external flows.</param>
/// <param name="AllowsFractionalShares">Rebalancing suggests whole shares unless this is set.</param>
public sealed record AccountSettings(
    AccountType Type,
    string Currency,
    LotMethod LotMethod,
    bool TracksCash,
    bool AllowsFractionalShares = false);
