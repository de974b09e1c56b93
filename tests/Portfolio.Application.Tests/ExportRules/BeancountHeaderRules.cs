using Portfolio.Application.Exports;
using Portfolio.Application.Tests.Exports;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;
using static Portfolio.Application.Tests.ExportRules.ExportLedgers;

namespace Portfolio.Application.Tests.ExportRules;

/// <summary>
/// The ledger's first piece: the title (the account's component), the operating currency in capitals and the tolerance
/// of 1e-10 in it; a <c>commodity</c> directive per symbol the log can hold, with the symbol as metadata, in ordinal order;
/// then the account's own accounts and one holding account per commodity, all opened on the log's first trade date
/// (1 January 1900 for an empty log). A cash-tracking account's cash is <c>Assets:…:Cash</c>, another's
/// <c>Equity:…:External</c>.
/// </summary>
public class BeancountHeaderRules
{
    private static readonly AccountSettings TaxableLifo = new(AccountType.Taxable, "USD", LotMethod.Lifo, TracksCash: false);

    [Fact]
    public void A_cash_tracking_fifo_account_opens_its_cash_its_income_and_a_fifo_holding_per_commodity_on_its_first_trade_date()
    {
        var header = BeancountFormat.Write("Brokerage", CashIra, EveryCashKind, []).First();

        Assert.Equal("""
            option "title" "Brokerage"
            option "operating_currency" "USD"
            option "inferred_tolerance_default" "USD:0.0000000001"

            2024-01-02 commodity AAPL
              symbol: "AAPL"
            2024-01-02 commodity VTI
              symbol: "VTI"

            2024-01-02 open Assets:Brokerage:Cash USD
            2024-01-02 open Income:Brokerage:Gains USD
            2024-01-02 open Income:Brokerage:WashSales USD
            2024-01-02 open Income:Brokerage:Dividends USD
            2024-01-02 open Income:Brokerage:Interest USD
            2024-01-02 open Expenses:Brokerage:Fees USD
            2024-01-02 open Equity:Brokerage:Transfers USD
            2024-01-02 open Equity:Brokerage:Rounding USD
            2024-01-02 open Assets:Brokerage:AAPL AAPL "FIFO"
            2024-01-02 open Assets:Brokerage:VTI VTI "FIFO"


            """, header);
    }

    [Fact]
    public void An_empty_log_opens_the_accounts_own_accounts_on_1_January_1900_and_declares_no_commodity()
    {
        Assert.Equal("""
            option "title" "Brokerage"
            option "operating_currency" "USD"
            option "inferred_tolerance_default" "USD:0.0000000001"


            1900-01-01 open Equity:Brokerage:External USD
            1900-01-01 open Income:Brokerage:Gains USD
            1900-01-01 open Income:Brokerage:WashSales USD
            1900-01-01 open Income:Brokerage:Dividends USD
            1900-01-01 open Income:Brokerage:Interest USD
            1900-01-01 open Expenses:Brokerage:Fees USD
            1900-01-01 open Equity:Brokerage:Transfers USD
            1900-01-01 open Equity:Brokerage:Rounding USD


            """, BeancountCheck.Text(TaxableLifo, []));
    }

    [Fact]
    public void Both_symbols_of_a_spin_off_are_commodities_even_when_the_parent_was_never_held()
    {
        // The spin-off books nothing (GE is not held), but the file still declares GE and GEV, in ordinal order after BRK-B.
        Transaction[] log = [new Buy("b1", D(1, 2), "BRK:B", 2, 300m), new SpinOff("p1", D(2, 1), "GE", "GEV", 0.25m, 100m, 40m)];

        var header = BeancountFormat.Write("Brokerage", TaxableLifo, log, []).First();

        Assert.Equal("""
            option "title" "Brokerage"
            option "operating_currency" "USD"
            option "inferred_tolerance_default" "USD:0.0000000001"

            2024-01-02 commodity BRK-B
              symbol: "BRK:B"
            2024-01-02 commodity GE
              symbol: "GE"
            2024-01-02 commodity GEV
              symbol: "GEV"

            2024-01-02 open Equity:Brokerage:External USD
            2024-01-02 open Income:Brokerage:Gains USD
            2024-01-02 open Income:Brokerage:WashSales USD
            2024-01-02 open Income:Brokerage:Dividends USD
            2024-01-02 open Income:Brokerage:Interest USD
            2024-01-02 open Expenses:Brokerage:Fees USD
            2024-01-02 open Equity:Brokerage:Transfers USD
            2024-01-02 open Equity:Brokerage:Rounding USD
            2024-01-02 open Assets:Brokerage:BRK-B BRK-B "LIFO"
            2024-01-02 open Assets:Brokerage:GE GE "LIFO"
            2024-01-02 open Assets:Brokerage:GEV GEV "LIFO"


            """, header);
    }

    [BeancountFact]
    public void Bean_check_accepts_the_headers_ledgers()
    {
        Assert.Equal(["", "", ""], BeancountCheck.Complaints(
            BeancountCheck.Ledger(CashIra, EveryCashKind),
            BeancountCheck.Ledger(TaxableLifo, []),
            BeancountCheck.Ledger(TaxableLifo, [new Buy("b1", D(1, 2), "BRK:B", 2, 300m), new SpinOff("p1", D(2, 1), "GE", "GEV", 0.25m, 100m, 40m)])));
    }
}
