using Portfolio.Application.Accounts;
using Portfolio.Application.Imports;
using Portfolio.Application.Ledger;
using Portfolio.Application.Ports;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests.Imports;

/// <summary>
/// What the import use case decides about each row, in this product's own CSV: a refused row is an error naming its row,
/// column and value; a real import with errors books nothing unless asked to skip them; rows older than the account's
/// last transaction are booked in their place; lots named by the exporting account's ids follow the import.
/// The harness's today is Monday 3 June 2024 (New York).
/// </summary>
public class ImportRuleTests
{
    private const string Header = "date,type,symbol,quantity,price,amount,lotMethod,lots,id";
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static string File(params string[] lines) => string.Join("\n", [Header, .. lines]) + "\n";

    private static Task<ImportResult> ImportAsync(Harness app, Account account, string content, bool dryRun = false, bool skipInvalid = false) =>
        app.Get<ImportService>().ImportAsync(app.Alice, new ImportRequest(account.Id, "csv", content, dryRun, skipInvalid), Ct);

    private static Task<LedgerState> StateAsync(Harness app, Account account) => app.Get<LedgerReader>().LoadAsync(account, Ct);

    private static readonly AccountSettings NoCash = new(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: false);
    private static readonly AccountSettings WithCash = new(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: true);

    [Fact]
    public async Task Every_format_is_offered_by_its_name()
    {
        await using var app = new Harness();
        Assert.Equal(["csv", "fidelity", "ghostfolio", "ibkr-flex", "portfolio-performance", "schwab"],
            app.Get<ImportService>().Formats.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Rows_dated_in_the_future_or_before_1900_name_their_row_and_date_and_a_real_import_then_books_nothing()
    {
        await using var app = new Harness();
        var account = await app.AccountAsync(WithCash);
        var content = File(
            "2024-06-01,deposit,,,,1000,,,",
            "2024-06-04,deposit,,,,50,,,",
            "1899-12-31,deposit,,,,70,,,");
        ImportError[] expected =
        [
            new(3, "date", "2024-06-04", "2024-06-04 is in the future (today is 2024-06-03 in New York)"),
            new(4, "date", "1899-12-31", "must be 1900-01-01 or later"),
        ];

        var rejected = await Assert.ThrowsAsync<ImportRejectedException>(() => ImportAsync(app, account, content));

        Assert.Equal(expected, rejected.Errors);
        Assert.Empty(await app.Get<ILedgerStore>().ReadAsync(account.Id, 0, Ct));
        // Asked to skip them, the import books the one valid row and still reports both.
        var skipped = await ImportAsync(app, account, content, skipInvalid: true);
        Assert.Equal(1, skipped.Booked);
        Assert.Equal(expected, skipped.Errors);
        Assert.Equal(1000m, (await StateAsync(app, account)).Ledger.Cash);
    }

    [Fact]
    public async Task A_sale_of_more_than_is_held_is_an_error_naming_its_row_quantity_column_and_value()
    {
        await using var app = new Harness();
        var account = await app.AccountAsync(NoCash);

        var result = await ImportAsync(app, account, File(
            "2024-05-01,buy,AAPL,10,100,,,,",
            "2024-05-02,sell,AAPL,15,110,,,,",
            "2024-05-03,buy,AAPL,2,105,,,,"), skipInvalid: true);

        var error = Assert.Single(result.Errors);
        Assert.Equal((3, "quantity", "15", "disposes of 15 AAPL but only 10 are held"), (error.Row, error.Column, error.Value, error.Reason));
        Assert.Equal([2, 4], result.Transactions.Select(t => t.Row));
        var position = (await StateAsync(app, account)).Ledger.PositionOf("AAPL")!;
        Assert.Equal((12m, 1_210m), (position.Quantity, position.CostBasis)); // 10 × 100 + 2 × 105
    }

    [Fact]
    public async Task Rows_older_than_the_accounts_last_transaction_are_booked_in_their_place_and_one_the_earlier_history_refuses_is_an_error()
    {
        await using var app = new Harness();
        var account = await app.AccountAsync(NoCash);
        await app.RecordAsync(account, id => new Buy(id, new DateOnly(2024, 5, 20), "AAPL", 10, 100));

        var result = await ImportAsync(app, account, File(
            "2024-05-10,buy,AAPL,5,90,,,,",
            "2024-05-15,sell,AAPL,12,120,,,,",
            "2024-06-03,buy,MSFT,1,300,,,,"), skipInvalid: true);

        // On 15 May only the 5 bought on 10 May are held: the buy of 20 May comes later in booking order.
        var error = Assert.Single(result.Errors);
        Assert.Equal((3, "quantity", "12"), (error.Row, error.Column, error.Value));
        Assert.Equal([2, 4], result.Transactions.Select(t => t.Row));
        var state = await StateAsync(app, account);
        Assert.Equal([new DateOnly(2024, 5, 10), new DateOnly(2024, 5, 20), new DateOnly(2024, 6, 3)], state.BookingOrder().Select(t => t.TradeDate));
        Assert.Equal([2L, 3L], result.Transactions.Select(t => t.Entry.Sequence)); // after the recorded buy, in file order
        var aapl = state.Ledger.PositionOf("AAPL")!;
        Assert.Equal((15m, 1_450m), (aapl.Quantity, aapl.CostBasis)); // 5 × 90 + 10 × 100
    }

    [Fact]
    public async Task A_buy_that_would_take_cash_below_zero_is_refused_in_its_row_and_the_rows_after_it_are_still_booked()
    {
        await using var app = new Harness();
        var account = await app.AccountAsync(WithCash);

        var result = await ImportAsync(app, account, File(
            "2024-05-01,deposit,,,,1000,,,",
            "2024-05-02,buy,AAPL,10,150,,,,",
            "2024-05-03,buy,AAPL,6,150,,,,"), skipInvalid: true);

        // 1,000 − 10 × 150 = −500; the second buy costs 900 and fits.
        var error = Assert.Single(result.Errors);
        Assert.Equal((3, "quantity", "10", "would take cash below zero: -500 on 2024-05-02"), (error.Row, error.Column, error.Value, error.Reason));
        Assert.Equal([2, 4], result.Transactions.Select(t => t.Row));
        var state = await StateAsync(app, account);
        Assert.Equal(100m, state.Ledger.Cash);
        Assert.Equal(6m, state.Ledger.PositionOf("AAPL")!.Quantity);
    }

    [Fact]
    public async Task A_sale_in_a_later_file_naming_a_lot_by_its_exporting_id_sells_the_lot_an_earlier_import_opened()
    {
        await using var app = new Harness();
        var account = await app.AccountAsync(NoCash);
        string[] buys = ["2024-05-02,buy,AAPL,10,100,,,,tx_1", "2024-05-03,buy,AAPL,10,120,,,,tx_2"];
        var first = await ImportAsync(app, account, File(buys));

        var later = await ImportAsync(app, account, File([.. buys, "2024-05-20,sell,AAPL,4,130,,specific,tx_2:4,tx_3"]));

        Assert.Equal([2, 3], later.Duplicates.Select(d => d.Row));
        Assert.Equal(first.Transactions.Select(t => t.Entry.Transaction.Id), later.Duplicates.Select(d => d.TransactionId));
        // The lot of tx_2 (bought at 120), not FIFO's tx_1 (at 100): 4 × (130 − 120) = 40.
        var sale = Assert.Single(later.Transactions);
        Assert.Equal(40m, sale.Realized.Sum(r => r.Gain));
        var lots = (await StateAsync(app, account)).Ledger.PositionOf("AAPL")!.Lots;
        Assert.Equal([10m, 6m], lots.Select(l => l.Quantity));
        Assert.Equal(first.Transactions.Select(t => t.Entry.Transaction.Id), lots.Select(l => l.Id));
    }

    [Fact]
    public async Task A_transfer_out_naming_lots_by_their_exporting_ids_moves_the_lots_the_same_file_opened()
    {
        await using var app = new Harness();
        var account = await app.AccountAsync(NoCash);

        var result = await ImportAsync(app, account, File(
            "2024-05-02,buy,AAPL,10,100,,,,tx_1",
            "2024-05-03,buy,AAPL,5,110,,,,tx_2",
            "2024-05-20,transferOut,AAPL,3,,,specific,tx_2:3,tx_3"));

        Assert.Equal(3, result.Booked);
        var position = (await StateAsync(app, account)).Ledger.PositionOf("AAPL")!;
        Assert.Equal([10m, 2m], position.Lots.Select(l => l.Quantity));
        Assert.Equal(1_220m, position.CostBasis); // 1,000 + 2 × 110
    }

    [Fact]
    public async Task A_dry_run_with_invalid_rows_answers_them_and_books_nothing()
    {
        await using var app = new Harness();
        var account = await app.AccountAsync(NoCash);

        var dry = await ImportAsync(app, account, File(
            "2024-05-01,buy,AAPL,10,100,,,,",
            "2024-05-02,sell,AAPL,15,110,,,,"), dryRun: true);

        Assert.True(dry.DryRun);
        Assert.Equal(1, dry.Booked);
        Assert.Equal(3, Assert.Single(dry.Errors).Row);
        Assert.Empty(await app.Get<ILedgerStore>().ReadAsync(account.Id, 0, Ct));
    }
}
