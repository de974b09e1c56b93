using Portfolio.Application.Common;
using Portfolio.Application.Orders;
using Portfolio.Application.PriceAlerts;
using Portfolio.Application.Ports;
using Portfolio.Application.PricesPush;
using Portfolio.Application.Tests.Orders;
using static Portfolio.Application.Tests.Orders.OrderDesk;

namespace Portfolio.Application.Tests.Prices;

/// <summary>Every path that stores a quote tells the observers (orders, price alerts) what it stored, and only that.</summary>
public class PushObserverTests
{
    private static readonly Caller Admin = new("ops", IsAdmin: true);

    [Fact]
    public async Task A_pushed_quote_fills_a_waiting_limit_buy_and_fires_a_price_alert_once()
    {
        await using var app = new Harness();
        var account = await app.CashAccountAsync(10_000);
        var order = await app.PlaceAsync(account, OrderSide.Buy, 10, 150);
        var alert = (await app.Get<PriceAlertService>().CreateAsync(app.Alice, new CreatePriceAlertRequest("AAPL", null, 149.5m, null, null, "h"), default)).Alert;

        var pushed = await app.Get<PricePushService>().PushAsync(Admin, [Quote(149, Now)], default);

        Assert.Equal(1, pushed.StoredCount);
        var filled = await app.ReloadAsync(order);
        Assert.Equal((OrderStatus.Filled, 149m), (filled.Status, filled.Fill!.Price));
        Assert.Equal(10_000m - 1_490m, await app.CashAsync(account));
        Assert.Equal(1, (await app.Get<IPriceAlertStore>().GetAsync("alice", alert.Id, default))!.Firings);
        Assert.Equal(1, app.Revaluations.Requests);
    }

    [Fact]
    public async Task A_push_whose_quotes_are_all_rejected_stores_nothing_and_tells_no_observer()
    {
        await using var app = new Harness();
        var account = await app.CashAccountAsync(10_000);
        var order = await app.PlaceAsync(account, OrderSide.Buy, 10, 150);

        var pushed = await app.Get<PricePushService>().PushAsync(Admin, [Quote(149, Now.AddHours(1))], default); // a quote from the future

        Assert.Equal((0, 1), (pushed.StoredCount, pushed.RejectedCount));
        Assert.Equal(OrderStatus.Pending, (await app.ReloadAsync(order)).Status);
        Assert.Null(await app.Get<IPriceStore>().GetLatestAsync("AAPL", default));
        Assert.Equal(0, app.Revaluations.Requests);
    }
}
