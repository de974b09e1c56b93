using Portfolio.Application.Common;
using Portfolio.Application.Holdings;
using Portfolio.Application.Tests.Orders;
using Portfolio.Domain;
using Portfolio.Domain.Lots;
using Portfolio.Domain.Transactions;
using static Portfolio.Application.Tests.Orders.OrderDesk;

namespace Portfolio.Application.Tests.Holdings;

/// <summary>
/// The holdings views of one FIFO cash account (worked by hand): deposit 10,000 (2022-01-02); NVDA 2 @ 50 bought
/// 2022-01-03 and sold @ 40 on 2023-03-01 (−20 long term); AAPL 10 @ 100 (2023-06-01), AAPL 5 @ 120 and MSFT 4 @ 300
/// (2024-05-01); AAPL 3 sold @ 130 on 2024-05-15 from the first lot (+90 short term: held less than a year). Cash 7,570. AAPL quoted 150 a minute
/// ago, MSFT 310 half an hour ago (stale).
/// </summary>
public class HoldingsViewTests
{
    private static async Task<(Harness App, Portfolio.Application.Accounts.Account Account)> ScenarioAsync()
    {
        var app = new Harness();
        var account = await app.AccountAsync(new Portfolio.Domain.Accounts.AccountSettings(Portfolio.Domain.Accounts.AccountType.Taxable, "USD", Portfolio.Domain.Accounts.LotMethod.Fifo, TracksCash: true));
        await app.RecordAsync(account, id => new Deposit(id, new DateOnly(2022, 1, 2), 10_000));
        await app.RecordAsync(account, id => new Buy(id, new DateOnly(2022, 1, 3), "NVDA", 2, 50));
        await app.RecordAsync(account, id => new Sell(id, new DateOnly(2023, 3, 1), "NVDA", 2, 40));
        await app.RecordAsync(account, id => new Buy(id, new DateOnly(2023, 6, 1), "AAPL", 10, 100));
        await app.RecordAsync(account, id => new Buy(id, new DateOnly(2024, 5, 1), "AAPL", 5, 120));
        await app.RecordAsync(account, id => new Buy(id, new DateOnly(2024, 5, 1), "MSFT", 4, 300));
        await app.RecordAsync(account, id => new Sell(id, new DateOnly(2024, 5, 15), "AAPL", 3, 130));
        await app.StoreQuoteAsync(150, Now.AddMinutes(-1));
        await app.StoreQuoteAsync(310, Now.AddMinutes(-30), "MSFT");
        return (app, account);
    }

    [Fact]
    public async Task Positions_value_each_holding_at_its_latest_price_and_flag_a_stale_one()
    {
        var (app, account) = await ScenarioAsync();
        await using var _ = app;
        var view = await app.Get<HoldingsService>().PositionsAsync(app.Alice, account.Id, default);

        Assert.Equal((account.Id, Now), (view.AccountId, view.AsOf));
        Assert.Equal(["AAPL", "MSFT"], view.Positions.Select(p => p.Symbol));
        var aapl = view.Positions[0];
        Assert.Equal((12m, 1_300m, 150m, 1_800m, 500m, false), (aapl.Quantity, aapl.CostBasis, aapl.Price, aapl.MarketValue, aapl.UnrealizedGain, aapl.Stale));
        Assert.Equal((Now.AddMinutes(-1), "test"), (aapl.PriceTime, aapl.PriceSource));
        var msft = view.Positions[1];
        Assert.Equal((4m, 1_200m, 310m, 1_240m, 40m, true), (msft.Quantity, msft.CostBasis, msft.Price, msft.MarketValue, msft.UnrealizedGain, msft.Stale));
        Assert.Equal((7_570m, 10_610m, 2_500m, 540m), (view.Cash, view.TotalValue, view.CostBasis, view.UnrealizedGain));
        Assert.Empty(view.UnpricedSymbols);
        Assert.Equal(100m, Math.Round(aapl.WeightPercent!.Value + msft.WeightPercent!.Value + view.CashWeightPercent!.Value, 6));
        Assert.Equal(16.97m, Math.Round(aapl.WeightPercent.Value, 2)); // 1,800 / 10,610
    }

    [Fact]
    public async Task Tax_lots_list_each_open_lot_by_symbol_with_its_term_on_todays_date()
    {
        var (app, account) = await ScenarioAsync();
        await using var _ = app;
        var lots = await app.Get<HoldingsService>().TaxLotsAsync(app.Alice, account.Id, default);

        Assert.Equal(
            [("AAPL", 7m, 100m, 700m, new DateOnly(2023, 6, 1), 1_050m, 350m, Term.LongTerm, false),
             ("AAPL", 5m, 120m, 600m, new DateOnly(2024, 5, 1), 750m, 150m, Term.ShortTerm, false),
             ("MSFT", 4m, 300m, 1_200m, new DateOnly(2024, 5, 1), 1_240m, 40m, Term.ShortTerm, true)],
            lots.Select(l => (l.Symbol, l.Quantity, l.CostPerShare, l.CostBasis, l.AcquiredOn, l.MarketValue!.Value, l.UnrealizedGain!.Value, l.Term, l.Stale)));
        Assert.Equal([150m, 150m, 310m], lots.Select(l => l.Price!.Value));
        Assert.Equal(3, lots.Select(l => l.Id).Distinct().Count());
    }

    [Theory]
    [InlineData(null, 2, 90, -20, 70)]
    [InlineData(2024, 1, 90, 0, 90)]
    [InlineData(2023, 1, 0, -20, -20)]
    [InlineData(2022, 0, 0, 0, 0)]
    public async Task Realized_gains_are_split_by_term_and_filtered_by_the_year_sold(int? year, int count, int shortTerm, int longTerm, int total)
    {
        var (app, account) = await ScenarioAsync();
        await using var _ = app;
        var view = await app.Get<HoldingsService>().RealizedAsync(app.Alice, account.Id, year, default);

        Assert.Equal((account.Id, year, count), (view.AccountId, view.Year, view.Items.Count));
        Assert.Equal(((decimal)shortTerm, (decimal)longTerm, (decimal)total, 0m), (view.ShortTermGain, view.LongTermGain, view.RecognizedGain, view.WashSaleDisallowed));
        if (year == 2024)
        {
            var sale = view.Items[0];
            Assert.Equal(("AAPL", 3m, new DateOnly(2023, 6, 1), new DateOnly(2024, 5, 15), 390m, 300m, 90m, Term.ShortTerm),
                (sale.Symbol, sale.Quantity, sale.AcquiredOn, sale.SoldOn, sale.Proceeds, sale.CostBasis, sale.Gain, sale.Term));
        }
    }

    [Fact]
    public async Task A_wash_sale_shows_its_disallowed_loss_and_the_recognized_gain()
    {
        await using var app = new Harness();
        var account = await app.AccountAsync();
        await app.RecordAsync(account, id => new Buy(id, new DateOnly(2024, 4, 1), "AAPL", 10, 100));
        await app.RecordAsync(account, id => new Sell(id, new DateOnly(2024, 5, 1), "AAPL", 10, 90)); // −100
        await app.RecordAsync(account, id => new Buy(id, new DateOnly(2024, 5, 10), "AAPL", 10, 95)); // replaces it within 30 days

        var view = await app.Get<HoldingsService>().RealizedAsync(app.Alice, account.Id, 2024, default);
        var sale = Assert.Single(view.Items);
        Assert.Equal((-100m, 100m, 0m), (sale.Gain, sale.WashSaleDisallowed, sale.RecognizedGain));
        Assert.Equal((100m, 0m, 0m), (view.WashSaleDisallowed, view.RecognizedGain, view.ShortTermGain));
    }

    [Theory]
    [InlineData(1899, false)]
    [InlineData(1900, true)]
    [InlineData(9999, true)]
    [InlineData(10000, false)]
    public void A_year_must_have_four_digits(int year, bool accepted)
    {
        if (accepted) HoldingsService.CheckYear(year);
        else Assert.Equal("year", Assert.Throws<InvalidRequestException>(() => HoldingsService.CheckYear(year)).Field);
    }

    [Fact]
    public async Task Another_users_account_is_not_found()
    {
        var (app, account) = await ScenarioAsync();
        await using var _ = app;
        await Assert.ThrowsAsync<NotFoundException>(() => app.Get<HoldingsService>().PositionsAsync(new Caller("bob"), account.Id, default));
        await Assert.ThrowsAsync<InvalidRequestException>(() => app.Get<HoldingsService>().RealizedAsync(app.Alice, account.Id, 123, default));
    }
}
