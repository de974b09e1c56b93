using Microsoft.Extensions.DependencyInjection;
using Portfolio.Application.Accounts;
using Portfolio.Application.Common;
using Portfolio.Application.Imports;
using Portfolio.Application.Ledger;
using Portfolio.Application.Ports;
using Portfolio.Application.Transactions;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;
using Portfolio.Storage.Sqlite;

namespace Portfolio.Application.Tests.ImportRules;

/// <summary>
/// What ImportService decides for a file in this product's own CSV (the same for every format): the format must be one it
/// offers; the trade dates it accepts run from 1 January 1900 to today in New York, both included; a row outside the
/// supported ranges or below a cash-tracking account's cash floor is an error naming its row; rows are booked by date, file
/// order within a day, a file listed newest first read from its end; each row's id and fingerprint come from its
/// transaction and its occurrence in the file; a booked import refreshes the account's held symbols and its state is kept.
/// The harness's today is Monday 3 June 2024 (New York).
/// </summary>
public class ImportBookingRules
{
    private const string Header = "date,type,symbol,quantity,price,amount,lotMethod,lots,id";
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly AccountSettings NoCash = new(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: false);
    private static readonly AccountSettings WithCash = new(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: true);

    private static string File(params string[] lines) => string.Join("\n", [Header, .. lines]) + "\n";

    private static Task<ImportResult> ImportAsync(Harness app, Account account, string content, bool skipInvalid = false, string format = "csv") =>
        app.Get<ImportService>().ImportAsync(app.Alice, new ImportRequest(account.Id, format, content, DryRun: false, skipInvalid), Ct);

    [Fact]
    public async Task A_format_the_service_does_not_offer_is_refused_naming_every_one_it_does()
    {
        await using var app = new Harness();
        var account = await app.AccountAsync(NoCash);

        var refused = await Assert.ThrowsAsync<InvalidRequestException>(() => ImportAsync(app, account, File(), format: "xlsx"));

        Assert.Equal("format", refused.Field);
        Assert.Equal($"'xlsx' is not one of {string.Join(", ", app.Get<ImportService>().Formats)}", refused.Message);
        Assert.Equal(6, refused.Message.Split(", ").Length);
    }

    [Fact]
    public async Task A_real_import_with_invalid_rows_is_rejected_saying_how_many_and_how_to_skip_them()
    {
        await using var app = new Harness();
        var account = await app.AccountAsync(NoCash);

        var rejected = await Assert.ThrowsAsync<ImportRejectedException>(() => ImportAsync(app, account, File(
            "2024-05-01,buy,AAPL,1,100,,,,", "2024-05-02,buy,AAPL,x,100,,,,", "2024-05-03,sell,AAPL,5,100,,,,")));

        Assert.Equal("2 row(s) cannot be booked; nothing was imported (fix them, or import with skipInvalid=true)", rejected.Message);
    }

    [Fact]
    public async Task Rows_dated_1_January_1900_and_today_are_both_booked()
    {
        await using var app = new Harness();
        var account = await app.AccountAsync(WithCash);

        var result = await ImportAsync(app, account, File("1900-01-01,deposit,,,,100,,,", "2024-06-03,deposit,,,,50,,,"));

        Assert.Equal((2, 0), (result.Booked, result.Errors.Count));
        Assert.Equal(150m, (await app.Get<LedgerReader>().LoadAsync(account, Ct)).Ledger.Cash);
    }

    [Fact]
    public async Task A_buy_above_the_supported_price_is_an_error_naming_its_row_price_column_and_value()
    {
        await using var app = new Harness();
        var account = await app.AccountAsync(NoCash);

        var result = await ImportAsync(app, account, File("2024-05-01,buy,AAPL,1,2000000000,,,,", "2024-05-02,buy,MSFT,1,10,,,,"), skipInvalid: true);

        Assert.Equal([new ImportError(2, "price", "2000000000", "must be at most 1000000000 per share, was 2000000000")], result.Errors);
        Assert.Equal([3], result.Transactions.Select(t => t.Row));
    }

    [Fact]
    public async Task A_buy_that_takes_a_position_beyond_the_supported_quantity_is_an_error_and_the_rows_before_it_are_booked()
    {
        await using var app = new Harness();
        var account = await app.AccountAsync(NoCash);

        // 600 000 000 000 + 600 000 000 000 = 1 200 000 000 000 shares, beyond the supported 1 000 000 000 000.
        var result = await ImportAsync(app, account, File("2024-05-01,buy,PENNY,600000000000,0.01,,,,", "2024-05-02,buy,PENNY,600000000000,0.01,,,,"), skipInvalid: true);

        Assert.Equal([new ImportError(3, "quantity", "600000000000", "would make the PENNY position 1200000000000 shares, beyond the supported 1000000000000")], result.Errors);
        Assert.Equal([2], result.Transactions.Select(t => t.Row));
    }

    [Fact]
    public async Task Withdrawals_below_a_cash_tracking_accounts_floor_are_errors_naming_their_amount_and_book_nothing()
    {
        await using var app = new Harness();
        var account = await app.AccountAsync(WithCash);

        var result = await ImportAsync(app, account, File("2024-05-01,withdrawal,,,,50,,,", "2024-05-02,withdrawal,,,,20,,,"), skipInvalid: true);

        Assert.Equal(
            [new ImportError(2, "amount", "50", "would take cash below zero: -50 on 2024-05-01"),
             new ImportError(3, "amount", "20", "would take cash below zero: -20 on 2024-05-02")],
            result.Errors);
        Assert.Equal(0, result.Booked);
        Assert.Empty(await app.Get<ILedgerStore>().ReadAsync(account.Id, 0, Ct));
    }

    [Fact]
    public async Task A_refusal_of_a_field_the_format_does_not_read_names_that_field_with_an_empty_value()
    {
        await using var app = new Harness();
        var account = await app.AccountAsync(new AccountSettings(AccountType.Taxable, "USD", LotMethod.SpecificId, TracksCash: false));

        // Schwab's history names no lots: a sale in a specific-identification account cannot say which it closes.
        var result = await ImportAsync(app, account, string.Join("\n",
            "\"Date\",\"Action\",\"Symbol\",\"Description\",\"Quantity\",\"Price\",\"Fees & Comm\",\"Amount\"",
            "\"05/02/2024\",\"Sell\",\"AAPL\",\"APPLE INC\",\"5\",\"$110.00\",\"\",\"$550.00\"",
            "\"05/01/2024\",\"Buy\",\"AAPL\",\"APPLE INC\",\"10\",\"$100.00\",\"\",\"-$1,000.00\"") + "\n", skipInvalid: true, format: "schwab");

        Assert.Equal([new ImportError(2, "lots", "", "specific identification needs the lots to close")], result.Errors);
        Assert.Equal([3], result.Transactions.Select(t => t.Row));
    }

    [Fact]
    public async Task A_file_listed_oldest_first_is_booked_in_file_order_within_a_day()
    {
        await using var app = new Harness();
        var account = await app.AccountAsync(NoCash);

        var result = await ImportAsync(app, account, File(
            "2024-05-01,buy,AAPL,1,100,,,,", "2024-05-02,buy,MSFT,1,10,,,,", "2024-05-02,buy,IBM,1,20,,,,"));

        Assert.Equal([2, 3, 4], result.Transactions.Select(t => t.Row));
        Assert.Equal([1L, 2L, 3L], result.Transactions.Select(t => t.Entry.Sequence));
    }

    [Fact]
    public async Task A_file_of_one_day_is_booked_in_file_order()
    {
        await using var app = new Harness();
        var account = await app.AccountAsync(NoCash);

        var result = await ImportAsync(app, account, File("2024-05-02,buy,MSFT,1,10,,,,", "2024-05-02,buy,IBM,1,20,,,,", "2024-05-02,buy,AAPL,1,30,,,,"));

        Assert.Equal([2, 3, 4], result.Transactions.Select(t => t.Row));
    }

    [Fact]
    public async Task A_file_listed_newest_first_is_read_from_its_end_so_same_day_rows_keep_their_real_order()
    {
        await using var app = new Harness();
        var account = await app.AccountAsync(NoCash);

        // Newest first: row 4 (1 May) happened first, then row 3, then row 2 (both 2 May).
        var result = await ImportAsync(app, account, File(
            "2024-05-02,buy,MSFT,1,10,,,,", "2024-05-02,buy,IBM,1,20,,,,", "2024-05-01,buy,AAPL,1,100,,,,"));

        Assert.Equal([4, 3, 2], result.Transactions.Select(t => t.Row));
    }

    [Fact]
    public async Task Each_rows_fingerprint_is_its_transaction_and_occurrence_and_its_id_is_tx_and_a_hash_of_the_account_and_fingerprint()
    {
        await using var app = new Harness();
        var account = await app.AccountAsync(WithCash);
        var canonical = TransactionJson.Serialize(new Deposit("", new DateOnly(2024, 5, 1), 100m));
        string[] fingerprints = [Hashing.Fingerprint($"{canonical}#1"), Hashing.Fingerprint($"{canonical}#2")];

        var content = File("2024-05-01,deposit,,,,100,,,", "2024-05-01,deposit,,,,100,,,");
        var result = await ImportAsync(app, account, content);
        var again = await ImportAsync(app, account, content);

        string[] ids = [.. fingerprints.Select(f => Hashing.DeterministicId("tx_", account.Id, ImportService.KeyPrefix + f))];
        Assert.Equal(fingerprints.Select(f => ImportService.KeyPrefix + f), result.Transactions.Select(t => t.Entry.IdempotencyKey));
        Assert.Equal(ids, result.Transactions.Select(t => t.Entry.Transaction.Id));
        Assert.All(ids, id => Assert.StartsWith("tx_", id));
        // The same file again: both rows are duplicates, named by the same fingerprints and ids.
        Assert.Equal([new ImportDuplicate(2, fingerprints[0], ids[0]), new ImportDuplicate(3, fingerprints[1], ids[1])], again.Duplicates);
        Assert.Equal(0, again.Booked);
    }

    [Fact]
    public async Task A_booked_import_refreshes_the_accounts_held_symbols()
    {
        await using var app = new Harness();
        var account = await app.AccountAsync(NoCash);

        await ImportAsync(app, account, File("2024-05-01,buy,MSFT,1,10,,,,", "2024-05-02,buy,AAPL,1,20,,,,"));

        Assert.Equal(["AAPL", "MSFT"], (await app.Get<IAccountStore>().GetAsync(account.OwnerId, account.Id, Ct))!.HeldSymbols);
    }

    [Fact]
    public async Task The_state_an_import_booked_is_kept_so_the_next_read_asks_the_store_only_for_entries_after_it()
    {
        var ledger = default(ReadCountingLedgerStore);
        await using var app = new Harness(s => s.AddSingleton<ILedgerStore>(sp => ledger = new ReadCountingLedgerStore(ActivatorUtilities.CreateInstance<SqliteLedgerStore>(sp))));
        var account = await app.AccountAsync(NoCash);
        _ = app.Get<ILedgerStore>();

        await ImportAsync(app, account, File("2024-05-01,buy,MSFT,1,10,,,,", "2024-05-02,buy,AAPL,1,20,,,,"));
        ledger!.ReadsAfter.Clear();
        var state = await app.Get<LedgerReader>().LoadAsync(account, Ct);

        Assert.Equal(2L, state.Version);
        Assert.Equal([2L], ledger.ReadsAfter);
    }

    /// <summary>The real store, noting the sequence each read starts after.</summary>
    private sealed class ReadCountingLedgerStore(ILedgerStore inner) : ILedgerStore
    {
        public readonly List<long> ReadsAfter = [];

        public Task<IReadOnlyList<LedgerEntry>> ReadAsync(string accountId, long afterSequence, CancellationToken ct)
        {
            lock (ReadsAfter) ReadsAfter.Add(afterSequence);
            return inner.ReadAsync(accountId, afterSequence, ct);
        }

        public Task<AppendStatus> TryAppendAsync(LedgerEntry entry, CancellationToken ct) => inner.TryAppendAsync(entry, ct);

        public Task<AppendStatus> TryAppendAllAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken ct) => inner.TryAppendAllAsync(entries, ct);

        public Task<LedgerEntry?> FindByIdempotencyKeyAsync(string accountId, string idempotencyKey, CancellationToken ct) =>
            inner.FindByIdempotencyKeyAsync(accountId, idempotencyKey, ct);
    }
}
