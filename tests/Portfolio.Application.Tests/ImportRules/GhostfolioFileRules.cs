using Portfolio.Application.Imports;
using Portfolio.Domain.Transactions;
using static Portfolio.Application.Tests.ImportRules.GhostfolioActivityRules;

namespace Portfolio.Application.Tests.ImportRules;

/// <summary>
/// How Ghostfolio's file is read around its activities: text that is not JSON is one error on the line where it broke;
/// a document without an <c>activities</c> array is one error saying so; an activity that is not an object is an error
/// of its own and the others are read; each field of a transaction remembers the property and text it came from; a
/// property that cannot be read is an error naming the activity's position, the property and the text.
/// </summary>
public class GhostfolioFileRules
{
    private static IEnumerable<(string Field, string Column, string Value)> Cells(ImportRow row) =>
        row.Cells.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => (c.Key, c.Value.Column, c.Value.Value));

    [Fact]
    public void Text_that_is_not_json_is_one_error_on_the_line_where_it_breaks()
    {
        // The third line (the reader's line number 2, counted from 0) holds the stray comma.
        var parsed = new GhostfolioFormat().Parse("{\n\"activities\": [\n,]\n}", "USD");

        Assert.Empty(parsed.Rows);
        var error = Assert.Single(parsed.Errors);
        Assert.Equal((3, "json", ""), (error.Row, error.Column, error.Value));
        Assert.StartsWith("is not valid JSON: ", error.Reason);
        Assert.Contains("LineNumber: 2", error.Reason);
    }

    [Fact]
    public void A_document_without_an_activities_array_is_one_error_saying_so()
    {
        var parsed = new GhostfolioFormat().Parse("""{"activities": {"type": "BUY"}}""", "USD");

        Assert.Equal([new ImportError(1, "activities", "", "no \"activities\" array was found: is this Ghostfolio's JSON export?")], parsed.Errors);
    }

    [Fact]
    public void An_activity_that_is_not_an_object_is_an_error_of_its_own_and_the_next_is_read()
    {
        var parsed = Parse("42", """{"type": "BUY", "symbol": "VTI", "quantity": 1, "unitPrice": 250, "date": "2026-01-15"}""");

        Assert.Equal([new ImportError(1, "activities", "42", "an activity is an object")], parsed.Errors);
        Assert.Equal([(2, (Transaction)new Buy("", new DateOnly(2026, 1, 15), "VTI", 1, 250m, 0m))], parsed.Rows.Select(r => (r.Row, r.Transaction)));
    }

    [Fact]
    public void Each_field_remembers_the_property_and_text_it_was_read_from()
    {
        var parsed = Parse(
            """{"type": "BUY", "symbol": "VTI", "quantity": 10, "unitPrice": 250.5, "fee": 1, "currency": "USD", "date": "2026-01-06T05:00:00.000Z"}""",
            """{"type": "SELL", "symbol": "VTI", "quantity": 4, "unitPrice": 262.25, "fee": 1, "currency": "USD", "date": "2026-01-21T15:42:10.000Z"}""",
            """{"type": "DIVIDEND", "symbol": "VTI", "quantity": 10, "unitPrice": 0.9, "fee": 0, "currency": "USD", "date": "2026-01-14T23:00:00.000Z"}""");

        Assert.Empty(parsed.Errors);
        Assert.Equal(
        [
            ("fee", "fee", "1"), ("price", "unitPrice", "250.5"), ("quantity", "quantity", "10"), ("symbol", "symbol", "VTI"),
            ("tradeDate", "date", "2026-01-06T05:00:00.000Z"), ("type", "type", "BUY"),
        ], Cells(parsed.Rows[0]));
        Assert.Equal(
        [
            ("fee", "fee", "1"), ("price", "unitPrice", "262.25"), ("quantity", "quantity", "4"), ("symbol", "symbol", "VTI"),
            ("tradeDate", "date", "2026-01-21T15:42:10.000Z"), ("type", "type", "SELL"),
        ], Cells(parsed.Rows[1]));
        // A dividend's amount is quantity × unitPrice (10 × 0.9 = 9.0): the amount remembers unitPrice, the last read.
        Assert.Equal(new CashDividend("", new DateOnly(2026, 1, 15), "VTI", 9.0m), parsed.Rows[2].Transaction);
        Assert.Equal(
        [
            ("amount", "unitPrice", "0.9"), ("fee", "fee", "0"), ("quantity", "quantity", "10"), ("symbol", "symbol", "VTI"),
            ("tradeDate", "date", "2026-01-14T23:00:00.000Z"), ("type", "type", "DIVIDEND"),
        ], Cells(parsed.Rows[2]));
    }

    [Fact]
    public void A_property_that_cannot_be_read_is_an_error_naming_its_position_property_and_text()
    {
        var parsed = Parse(
            """{"type": "BUY", "symbol": "V T I", "quantity": 10, "unitPrice": 250.5, "date": "2026-01-15"}""",
            """{"type": "BUY", "symbol": "VTI", "quantity": 10, "unitPrice": 250.5, "fee": "one", "date": "2026-01-15"}""",
            """{"type": "DIVIDEND", "symbol": "VTI", "quantity": 79228162514264337593543950335, "unitPrice": 2, "date": "2026-01-15"}""");

        Assert.Empty(parsed.Rows);
        // The largest decimal, 79,228,162,514,264,337,593,543,950,335, doubled is beyond decimal's range.
        Assert.Equal(
        [
            new ImportError(1, "symbol", "V T I", "must be 1 to 20 letters, digits or . - : ^"),
            new ImportError(2, "fee", "one", "is not a number"),
            new ImportError(3, "unitPrice", "2", "quantity × unitPrice is beyond the supported range"),
        ], parsed.Errors);
    }
}
