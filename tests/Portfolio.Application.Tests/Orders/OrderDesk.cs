using Portfolio.Application.Accounts;
using Portfolio.Application.Ledger;
using Portfolio.Application.Orders;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests.Orders;

/// <summary>Order scenarios over the <see cref="Harness"/> (SQLite, fake clock at Monday 3 June 2024 14:00 New York).</summary>
internal static class OrderDesk
{
    public static readonly DateOnly June3 = new(2024, 6, 3);
    public static readonly DateTimeOffset Now = new(2024, 6, 3, 18, 0, 0, TimeSpan.Zero);

    public static Task<Account> CashAccountAsync(this Harness app, decimal deposit, decimal margin = 0, bool fractional = false) =>
        app.FundedAsync(new AccountSettings(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: true, fractional, margin), deposit);

    public static async Task<Account> FundedAsync(this Harness app, AccountSettings settings, decimal deposit)
    {
        var account = await app.AccountAsync(settings);
        if (deposit > 0) await app.RecordAsync(account, id => new Deposit(id, June3, deposit));
        return account;
    }

    public static Quote Quote(decimal price, DateTimeOffset at, string symbol = "AAPL") => new(symbol, price, at, "test", QuoteKind.RealTime);

    public static async Task<Quote> StoreQuoteAsync(this Harness app, decimal price, DateTimeOffset at, string symbol = "AAPL")
    {
        var quote = Quote(price, at, symbol);
        await app.Get<IPriceStore>().SaveAsync([quote], CancellationToken.None);
        return quote;
    }

    /// <summary>Stores the quote and lets the executor see it, as the ingestion path does.</summary>
    public static async Task<OrderRunSummary> ObserveAsync(this Harness app, decimal price, DateTimeOffset at, string symbol = "AAPL") =>
        await app.Get<OrderExecutor>().EvaluateAsync([await app.StoreQuoteAsync(price, at, symbol)], CancellationToken.None);

    public static async Task<Order> PlaceAsync(this Harness app, Account account, OrderSide side, decimal quantity, decimal? limit,
        TimeInForce tif = TimeInForce.Gtc, string symbol = "AAPL", string? key = null, string hash = "h") =>
        (await app.Get<OrderService>().PlaceAsync(app.Alice,
            new PlaceOrderRequest(account.Id, side, symbol, quantity, limit is null ? OrderType.Market : OrderType.Limit, limit, tif, key, hash),
            CancellationToken.None)).Order;

    public static Task<Order> ReloadAsync(this Harness app, Order order) =>
        app.Get<OrderService>().GetAsync(app.Alice, order.AccountId, order.Id, CancellationToken.None);

    public static async Task<decimal> CashAsync(this Harness app, Account account) =>
        (await app.Get<LedgerReader>().LoadAsync(account, CancellationToken.None)).Ledger.Cash;

    public static async Task<decimal> SharesAsync(this Harness app, Account account, string symbol = "AAPL") =>
        (await app.Get<LedgerReader>().LoadAsync(account, CancellationToken.None)).Ledger.PositionOf(symbol)?.Quantity ?? 0;

    public static async Task<IReadOnlyList<Transaction>> BookedAsync(this Harness app, Account account) =>
        (await app.Get<ILedgerStore>().ReadAsync(account.Id, 0, CancellationToken.None)).Select(e => e.Transaction).ToList();
}
