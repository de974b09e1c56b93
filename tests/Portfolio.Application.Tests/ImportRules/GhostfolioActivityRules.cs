using Portfolio.Application.Imports;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests.ImportRules;

/// <summary>
/// Ghostfolio's activity types, each to what it books (GhostfolioFormat's remarks): a fee on a dividend or on interest
/// is a fee of its own, naming the dividend's symbol; a FEE names its symbol unless it has none or is Ghostfolio's own
/// made-up asset (data source MANUAL); ITEM and LIABILITY, and any type not known, are errors saying why; a property the
/// activity does not have is empty (no fee, no currency). An instant on a whole, half or three-quarter hour with no
/// seconds and no milliseconds is a local midnight; any other is a trade time, dated in New York. The file is parsed
/// inside each test.
/// </summary>
public class GhostfolioActivityRules
{
    /// <summary>A Ghostfolio export of these activities, at positions 1, 2, …</summary>
    internal static ParsedImport Parse(params string[] activities) =>
        new GhostfolioFormat().Parse("{\"meta\": {\"version\": \"2.139.1\"}, \"activities\": [" + string.Join(",\n", activities) + "]}", "USD");

    private static readonly DateOnly Jan15 = new(2026, 1, 15);

    [Fact]
    public void A_fee_on_a_dividend_or_on_interest_is_a_fee_of_its_own_after_it_naming_the_dividends_symbol()
    {
        var parsed = Parse(
            """{"type": "DIVIDEND", "symbol": "VTI", "quantity": 10, "unitPrice": 0.9, "fee": 0.25, "currency": "USD", "date": "2026-01-15"}""",
            """{"type": "INTEREST", "symbol": "", "quantity": 1, "unitPrice": 2.5, "fee": 0.1, "currency": "USD", "date": "2026-01-15"}""");

        Assert.Empty(parsed.Errors);
        // 10 × 0.9 = 9.0 of dividend, its 0.25 fee booked on its own; 1 × 2.5 = 2.5 of interest and a 0.1 fee naming no symbol.
        Assert.Equal(
        [
            (1, (Transaction)new CashDividend("", Jan15, "VTI", 9.0m)), (1, new AccountFee("", Jan15, 0.25m, "VTI")),
            (2, new Interest("", Jan15, 2.5m)), (2, new AccountFee("", Jan15, 0.1m, null)),
        ], parsed.Rows.Select(r => (r.Row, r.Transaction)));
    }

    [Fact]
    public void A_fee_names_its_symbol_unless_it_has_none_or_is_ghostfolios_own_manual_asset()
    {
        var parsed = Parse(
            """{"type": "FEE", "symbol": "TSM", "dataSource": "YAHOO", "quantity": 0, "unitPrice": 0, "fee": 1.5, "date": "2026-01-15"}""",
            """{"type": "FEE", "symbol": "", "dataSource": "YAHOO", "quantity": 0, "unitPrice": 0, "fee": 1.5, "date": "2026-01-15"}""",
            """{"type": "FEE", "symbol": "a1b2c3d4-custody-fee", "dataSource": "MANUAL", "quantity": 0, "unitPrice": 0, "fee": 1.5, "date": "2026-01-15"}""");

        Assert.Empty(parsed.Errors);
        Assert.Equal([new AccountFee("", Jan15, 1.5m, "TSM"), new AccountFee("", Jan15, 1.5m, null), new AccountFee("", Jan15, 1.5m, null)], parsed.Rows.Select(r => r.Transaction));
    }

    [Fact]
    public void Items_liabilities_and_unknown_types_are_errors_saying_why()
    {
        var parsed = Parse(
            """{"type": "ITEM", "symbol": "Painting", "quantity": 1, "unitPrice": 5000, "date": "2026-01-15"}""",
            """{"type": "LIABILITY", "symbol": "Mortgage", "quantity": 1, "unitPrice": 200000, "date": "2026-01-15"}""",
            """{"type": "STAKE", "symbol": "ETH", "quantity": 1, "unitPrice": 3000, "date": "2026-01-15"}""");

        Assert.Empty(parsed.Rows);
        const string Valuables = "valuables (ITEM) and debts (LIABILITY) are not securities or cash this product books; leave the row out";
        Assert.Equal(
        [
            new ImportError(1, "type", "ITEM", Valuables), new ImportError(2, "type", "LIABILITY", Valuables),
            new ImportError(3, "type", "STAKE", "is not a Ghostfolio activity type this import knows (BUY, SELL, DIVIDEND, INTEREST, FEE)"),
        ], parsed.Errors);
    }

    [Fact]
    public void An_activity_without_fee_currency_or_data_source_or_with_them_null_is_read_with_no_fee()
    {
        var parsed = Parse(
            """{"type": "BUY", "symbol": "VTI", "quantity": 10, "unitPrice": 250.5, "date": "2026-01-15"}""",
            """{"type": "BUY", "symbol": "VTI", "quantity": 10, "unitPrice": 250.5, "fee": null, "currency": null, "dataSource": null, "comment": null, "date": "2026-01-15"}""");

        Assert.Empty(parsed.Errors);
        Assert.Equal([new Buy("", Jan15, "VTI", 10, 250.5m, 0m), new Buy("", Jan15, "VTI", 10, 250.5m, 0m)], parsed.Rows.Select(r => r.Transaction));
    }

    [Theory]
    // 23:00:15Z on the 15th: on the hour but with seconds, so a trade time: 18:00:15 in New York (EST, UTC−5), the 15th.
    // Read as a local midnight it would be the 16th (the nearest UTC midnight).
    [InlineData("2026-01-15T23:00:15.000Z")]
    // 23:00:00.500Z: no seconds but half of one, a trade time too.
    [InlineData("2026-01-15T23:00:00.500Z")]
    // 23:10:00Z: no seconds, not on a whole, half or three-quarter hour: 18:10 in New York.
    [InlineData("2026-01-15T23:10:00.000Z")]
    public void An_instant_with_seconds_or_milliseconds_or_off_the_quarter_hours_is_a_trade_time_dated_in_new_york(string date)
    {
        var parsed = Parse($$"""{"type": "BUY", "symbol": "VTI", "quantity": 1, "unitPrice": 250, "date": "{{date}}"}""");

        Assert.Equal(Jan15, Assert.Single(parsed.Rows).Transaction.TradeDate);
    }

    [Fact]
    public void An_instant_on_the_hour_with_no_seconds_is_a_local_midnight_the_nearest_utc_midnights_date()
    {
        // 23:00:00.000Z on the 15th is midnight of the 16th in Berlin (UTC+1): the 16th, though New York is still on the 15th.
        var parsed = Parse("""{"type": "BUY", "symbol": "VTI", "quantity": 1, "unitPrice": 250, "date": "2026-01-15T23:00:00.000Z"}""");

        Assert.Equal(new DateOnly(2026, 1, 16), Assert.Single(parsed.Rows).Transaction.TradeDate);
    }

    [Fact]
    public void A_date_that_is_not_an_instant_is_an_error_naming_it()
    {
        var parsed = Parse("""{"type": "BUY", "symbol": "VTI", "quantity": 1, "unitPrice": 250, "date": "last Tuesday"}""");

        Assert.Equal([new ImportError(1, "date", "last Tuesday", "is not an ISO 8601 instant (2024-06-03T00:00:00.000Z)")], parsed.Errors);
    }
}
