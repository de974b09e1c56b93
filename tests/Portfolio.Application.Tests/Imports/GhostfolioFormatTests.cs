using Portfolio.Application.Imports;
using Portfolio.Domain.Transactions;
using static Portfolio.Application.Tests.Imports.Samples;

namespace Portfolio.Application.Tests.Imports;

public class GhostfolioFormatTests
{
    private static readonly GhostfolioFormat Format = new();

    [Fact]
    public void Activities_map_by_type_and_a_local_midnight_is_that_day_while_a_trade_time_is_dated_in_new_york()
    {
        var parsed = Parse(Format, "ghostfolio-export.json");

        Assert.Empty(parsed.Errors);
        AssertRows(
        [
            Row(1, new Buy("", D(1, 6), "VTI", 10, 250.5m, 1)), // 05:00Z: midnight in New York
            Row(2, new Buy("", D(1, 7), "MSFT", 3, 420, 0)),
            Row(3, new CashDividend("", D(1, 15), "VTI", 9.0m)), // 10 × 0.9; 2026-01-14T23:00Z is midnight of the 15th in Berlin
            Row(4, new Sell("", D(1, 21), "VTI", 4, 262.25m, 1)), // 15:42:10Z is 10:42 in New York
            Row(5, new Interest("", D(1, 30), 2.5m)),
            Row(6, new AccountFee("", D(1, 31), 4.95m)), // a MANUAL asset is not a security
        ], parsed.Booked());
    }

    [Fact]
    public void Items_and_liabilities_are_errors_never_skipped_as_are_unknown_types_other_currencies_and_numbers_that_are_not_decimals()
    {
        var parsed = Parse(Format, "ghostfolio-messy.json");

        AssertRows([Row(1, new Buy("", D(2, 2), "VTI", 12, 201.25m, 0.5m))], parsed.Booked()); // numbers written as strings
        Assert.Equal([(2, "type", "ITEM"), (3, "type", "LIABILITY"), (4, "currency", "EUR"), (5, "type", "STAKE"), (6, "unitPrice", "1.2e2")], parsed.Errors());
    }

    [Fact]
    public void A_dividend_whose_quantity_times_unit_price_leaves_decimal_range_is_an_error_naming_unit_price()
    {
        const string Json = """{"activities": [{"type": "DIVIDEND", "symbol": "VTI", "quantity": 100000000000000000000, "unitPrice": 100000000000000000000, "date": "2026-01-02"}]}""";

        Assert.Equal([(1, "unitPrice", "100000000000000000000")], Format.Parse(Json, "USD").Errors());
    }

    [Fact]
    public void A_file_without_activities_or_not_json_is_one_error()
    {
        Assert.Equal([(1, "activities", "")], Format.Parse("""{"meta": {}}""", "USD").Errors());
        Assert.Equal("json", Assert.Single(Format.Parse("{\"activities\": [", "USD").Errors).Column);
    }
}
