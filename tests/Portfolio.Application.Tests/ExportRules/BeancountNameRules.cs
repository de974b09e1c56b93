using Portfolio.Application.Exports;

namespace Portfolio.Application.Tests.ExportRules;

/// <summary>
/// Beancount 2.3.5 names (beancount/core/amount.py): a commodity is <c>[A-Z][A-Z0-9'._-]{0,22}[A-Z0-9]</c>, 2 to 24
/// characters; an account component starts with a capital or a digit and holds letters, digits and dashes. A symbol or
/// account name outside that is renamed by fixed rules, and two symbols never share a commodity or a holding account.
/// </summary>
public class BeancountNameRules
{
    private static BeancountNames Names(params string[] symbols) => new("Brokerage", symbols);

    [Theory]
    [InlineData("Brokerage", "Brokerage")]
    [InlineData("main ira", "Main-ira")] // a lower-case first letter is raised, the rest kept
    [InlineData("Roth (2024)", "Roth-2024")] // a run of other characters is one dash
    [InlineData(" (joint) ", "Joint")] // none at either end
    [InlineData("401k", "401k")]
    [InlineData("ÅÄÖ", "Account")] // no ASCII letter or digit at all
    public void The_accounts_component_keeps_its_ascii_letters_and_digits_dash_separated(string accountName, string root)
    {
        Assert.Equal(root, new BeancountNames(accountName, []).Root);
    }

    [Theory]
    [InlineData("AAPL", "AAPL")]
    [InlineData("brk.b", "BRK.B")] // already a commodity once upper-cased
    [InlineData("BRK:B", "BRK-B")] // another character becomes a dash
    [InlineData("A_B:C", "A_B-C")] // underscore, dot and apostrophe are kept
    [InlineData("A.B:C", "A.B-C")]
    [InlineData("O'NEIL:X", "O'NEIL-X")]
    [InlineData("^GSPC", "GSPC")] // dashes at the ends are dropped
    [InlineData("^AB", "AB")] // two characters are enough
    [InlineData("F", "X-F")] // one is not
    [InlineData("123:4", "X-123-4")] // nor a leading digit
    [InlineData("^^", "X-X")] // nothing usable: "X-" and a closing X
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWYZ", "ABCDEFGHIJKLMNOPQRSTUVWX")] // 25 characters: the first 23 and an X
    [InlineData("^ABCDEFGHIJKLMNOPQRSTUVWY", "ABCDEFGHIJKLMNOPQRSTUVWY")] // 24 after cleaning: kept whole
    public void A_symbol_that_is_no_beancount_commodity_is_renamed_into_one(string symbol, string commodity)
    {
        var names = Names(symbol);
        Assert.Equal(commodity, names.Commodity(symbol));
        Assert.Matches("^[A-Z][A-Z0-9'._-]{0,22}[A-Z0-9]$", commodity);
    }

    [Theory]
    [InlineData("CASH")]
    [InlineData("EXTERNAL")]
    [InlineData("GAINS")]
    [InlineData("DIVIDENDS")]
    [InlineData("INTEREST")]
    [InlineData("FEES")]
    [InlineData("TRANSFERS")]
    [InlineData("WASHSALES")]
    [InlineData("rounding")]
    public void A_symbol_named_like_one_of_the_accounts_own_components_is_held_under_another(string symbol)
    {
        var names = Names(symbol);
        Assert.Equal(symbol.ToUpperInvariant(), names.Commodity(symbol));
        Assert.Equal($"Assets:Brokerage:{symbol.ToUpperInvariant()}-2", names.Holding(symbol));
    }

    [Fact]
    public void Two_symbols_cleaned_to_one_commodity_are_told_apart_in_ordinal_order_of_the_symbols()
    {
        // "BRK-B" sorts before "BRK/B" ('-' is 0x2D, '/' 0x2F), whatever order they arrive in.
        var names = Names("BRK/B", "BRK-B");
        Assert.Equal(("BRK-B", "BRK-B-2"), (names.Commodity("BRK-B"), names.Commodity("BRK/B")));
        Assert.Equal(("Assets:Brokerage:BRK-B", "Assets:Brokerage:BRK-B-2"), (names.Holding("BRK-B"), names.Holding("BRK/B")));
    }

    [Fact]
    public void A_third_symbol_on_the_same_commodity_is_numbered_three_and_the_commodities_are_listed_by_symbol()
    {
        var names = Names("BRK;B", "BRK:B", "BRK/B", "BRK/B");
        Assert.Equal(
            [KeyValuePair.Create("BRK/B", "BRK-B"), KeyValuePair.Create("BRK:B", "BRK-B-2"), KeyValuePair.Create("BRK;B", "BRK-B-3")],
            names.Commodities);
    }

    [Fact]
    public void Two_commodities_with_one_account_component_are_held_under_two_accounts()
    {
        // BRK.B's component drops its dot: BRK-B, which BRK-B (sorted first) already holds.
        var names = Names("BRK.B", "BRK-B");
        Assert.Equal(("BRK-B", "BRK.B"), (names.Commodity("BRK-B"), names.Commodity("BRK.B")));
        Assert.Equal(("Assets:Brokerage:BRK-B", "Assets:Brokerage:BRK-B-2"), (names.Holding("BRK-B"), names.Holding("BRK.B")));
    }
}
