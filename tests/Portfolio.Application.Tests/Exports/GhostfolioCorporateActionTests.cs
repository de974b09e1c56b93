using System.Text.Json;
using Portfolio.Application.Exports;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests.Exports;

/// <summary>
/// Ghostfolio has only BUY, SELL, DIVIDEND, FEE and INTEREST: what it cannot say is written as the nearest activity that
/// keeps shares and basis. Shares received (split, stock dividend, spin-off) are a BUY at no cost, shares given up (a
/// reverse split, a transfer out) a SELL at their basis per share, a transferred-in lot a BUY at its basis per share, a
/// reinvested dividend a DIVIDEND and a BUY; deposits are the account's balance, not activities.
/// </summary>
public class GhostfolioCorporateActionTests
{
    private static DateOnly D(int month, int day) => new(2024, month, day);

    private sealed record Row(string Type, string Symbol, decimal Quantity, decimal UnitPrice, decimal Fee, string Comment, string DataSource);

    [Fact]
    public void Corporate_actions_and_transfers_become_buys_and_sells_that_keep_shares_and_basis()
    {
        var settings = new AccountSettings(AccountType.Taxable, "usd", LotMethod.Fifo, TracksCash: false);
        Transaction[] log =
        [
            new Deposit("c1", D(1, 2), 1_000m),
            new Buy("b1", D(1, 2), "X", 10, 20m, 1m),
            new DividendReinvestment("r1", D(2, 1), "X", 2, 22m),
            new TransferIn("i1", D(2, 15), "Y", [new TransferredLot(4, 50m, new DateOnly(2020, 3, 1))]),
            new Split("s1", D(3, 1), "X", 2, 1),
            new Split("s2", D(4, 1), "Y", 1, 2),
            new StockDividend("d1", D(5, 1), "X", 0.25m),
            new SpinOff("p1", D(5, 15), "X", "Z", 0.5m, 30m, 20m),
            new TransferOut("o1", D(5, 20), "X", 5),
            new CashDividend("v1", D(5, 31), "X", 4.5m),
            new AccountFee("f1", D(6, 3), 3m),
            new AccountFee("f2", D(6, 3), 2m, "X"),
            new Interest("n1", D(6, 3), 1.5m),
        ];

        var json = string.Concat(GhostfolioFormat.Write("acc", "Brokerage", settings, 0m, log, new DateTimeOffset(2024, 6, 3, 18, 0, 0, TimeSpan.Zero)));

        using var document = JsonDocument.Parse(json);
        var activities = document.RootElement.GetProperty("activities").EnumerateArray().Select(a => new Row(
            a.GetProperty("type").GetString()!, a.GetProperty("symbol").GetString()!, a.GetProperty("quantity").GetDecimal(),
            a.GetProperty("unitPrice").GetDecimal(), a.GetProperty("fee").GetDecimal(), a.GetProperty("comment").GetString()!,
            a.GetProperty("dataSource").GetString()!)).ToList();
        Row[] expected =
        [
            new("BUY", "X", 10, 20, 1, "id b1", "YAHOO"),
            // 2 shares at 22: a dividend of 44 paid as one unit, then the shares bought with it.
            new("DIVIDEND", "X", 1, 44, 0, "id r1: reinvested", "YAHOO"),
            new("BUY", "X", 2, 22, 0, "id r1: dividend reinvestment", "YAHOO"),
            // 4 shares with a basis of 50: 12.5 a share.
            new("BUY", "Y", 4, 12.5m, 0, "id i1: transfer in of a lot acquired 2020-03-01 with basis 50", "YAHOO"),
            // 12 X become 24.
            new("BUY", "X", 12, 0, 0, "id s1: split 2 for 1, shares received at no cost", "YAHOO"),
            // 4 Y become 2: 2 given up at 50 / 4 = 12.5.
            new("SELL", "Y", 2, 12.5m, 0, "id s2: split 1 for 2, shares given up at their basis", "YAHOO"),
            // 24 × 0.25 = 6 more X.
            new("BUY", "X", 6, 0, 0, "id d1: stock dividend, shares received at no cost", "YAHOO"),
            // 30 X × 0.5 = 15 Z; X keeps its 30 shares, so it has no activity.
            new("BUY", "Z", 15, 0, 0, "id p1: spin-off of Z from X, shares received at no cost", "YAHOO"),
            // X's basis 201 + 44 = 245 keeps 30 / (30 + 0.5 × 20) = 3/4 after the spin-off: 183.75 over 30 shares is 6.125.
            new("SELL", "X", 5, 6.125m, 0, "id o1: transfer out, shares given up at their basis", "YAHOO"),
            new("DIVIDEND", "X", 1, 4.5m, 0, "id v1", "YAHOO"),
            new("FEE", "Account fee", 1, 0, 3, "id f1", "MANUAL"),
            new("FEE", "X", 1, 0, 2, "id f2", "YAHOO"),
            new("INTEREST", "Interest", 1, 1.5m, 0, "id n1", "MANUAL"),
        ];
        Assert.Equal(expected, activities);
        Assert.All(document.RootElement.GetProperty("activities").EnumerateArray(), a => Assert.Equal("USD", a.GetProperty("currency").GetString()));
        Assert.Equal("2024-05-20T00:00:00.000Z", document.RootElement.GetProperty("activities")[8].GetProperty("date").GetString());
    }
}
