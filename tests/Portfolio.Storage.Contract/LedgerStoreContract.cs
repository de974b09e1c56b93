using System.Globalization;
using Portfolio.Application.Ledger;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;

namespace Portfolio.Storage.Contract;

public abstract class LedgerStoreContract(IStorageFixture fixture)
{
    private readonly CancellationToken _ct = CancellationToken.None;
    private static readonly DateOnly Day = new(2024, 5, 17);
    private static readonly DateTimeOffset Recorded = new(2024, 5, 17, 15, 0, 0, 456, TimeSpan.Zero);

    private async Task<string> NewAccountAsync()
    {
        var account = TestData.Account();
        Assert.True(await fixture.Accounts.TryCreateAsync(account, _ct));
        return account.Id;
    }

    private static LedgerEntry Entry(string accountId, long sequence, string? key = null, Transaction? transaction = null) =>
        new(accountId, sequence, transaction ?? new Deposit($"tx-{sequence}", Day, 100m + sequence), Recorded.AddSeconds(sequence), key, key is null ? null : "hash-" + key);

    [ContractFact]
    public async Task Appended_entries_read_back_in_sequence_order()
    {
        var account = await NewAccountAsync();
        for (var seq = 1; seq <= 3; seq++)
            Assert.Equal(AppendStatus.Appended, await fixture.Ledger.TryAppendAsync(Entry(account, seq), _ct));

        var entries = await fixture.Ledger.ReadAsync(account, 0, _ct);

        Assert.Equal([1L, 2L, 3L], entries.Select(e => e.Sequence));
        Assert.All(entries, e => Assert.Equal(account, e.AccountId));
        Assert.Equal(Recorded.AddSeconds(2), entries[1].RecordedAt);
        Assert.Equal(new Deposit("tx-2", Day, 102m), entries[1].Transaction);
    }

    [ContractFact]
    public async Task An_entry_keeps_its_log_prefix_hash_and_others_have_none()
    {
        var account = await NewAccountAsync();
        var hash = new string('a', 64);
        Assert.Equal(AppendStatus.Appended, await fixture.Ledger.TryAppendAsync(Entry(account, 1), _ct));
        Assert.Equal(AppendStatus.Appended, await fixture.Ledger.TryAppendAsync(Entry(account, 2) with { PrefixHash = hash }, _ct));
        Assert.Equal(AppendStatus.Appended,
            await fixture.Ledger.TryAppendAllAsync([Entry(account, 3), Entry(account, 4) with { PrefixHash = "b" + hash[1..] }], _ct));

        var entries = await fixture.Ledger.ReadAsync(account, 0, _ct);

        Assert.Equal([null, hash, null, "b" + hash[1..]], entries.Select(e => e.PrefixHash));
        Assert.Equal(hash, Assert.Single(await fixture.Ledger.ReadAsync(account, 1, _ct), e => e.Sequence == 2).PrefixHash);
    }

    [ContractFact]
    public async Task Read_after_a_sequence_returns_only_later_entries()
    {
        var account = await NewAccountAsync();
        for (var seq = 1; seq <= 4; seq++) await fixture.Ledger.TryAppendAsync(Entry(account, seq), _ct);

        Assert.Equal([3L, 4L], (await fixture.Ledger.ReadAsync(account, 2, _ct)).Select(e => e.Sequence));
        Assert.Empty(await fixture.Ledger.ReadAsync(account, 4, _ct));
        Assert.Empty(await fixture.Ledger.ReadAsync(TestData.NewId("other"), 0, _ct));
    }

    [ContractFact]
    public async Task Reading_many_accounts_returns_each_ones_entries_after_its_own_sequence()
    {
        var (first, second, quiet) = (await NewAccountAsync(), await NewAccountAsync(), await NewAccountAsync());
        for (var seq = 1; seq <= 3; seq++) await fixture.Ledger.TryAppendAsync(Entry(first, seq), _ct);
        for (var seq = 1; seq <= 2; seq++) await fixture.Ledger.TryAppendAsync(Entry(second, seq), _ct);
        await fixture.Ledger.TryAppendAsync(Entry(quiet, 1), _ct);

        var tails = await fixture.Ledger.ReadAsync(new Dictionary<string, long> { [first] = 1, [second] = 0, [quiet] = 1 }, _ct);

        Assert.Equal([2L, 3L], tails[first].Select(e => e.Sequence));
        Assert.Equal([1L, 2L], tails[second].Select(e => e.Sequence));
        Assert.False(tails.ContainsKey(quiet));
    }

    [ContractFact]
    public async Task Appending_a_taken_sequence_returns_SequenceTaken_and_writes_nothing()
    {
        var account = await NewAccountAsync();
        await fixture.Ledger.TryAppendAsync(Entry(account, 1, "key-a"), _ct);

        var status = await fixture.Ledger.TryAppendAsync(Entry(account, 1, "key-b", new Deposit("other", Day, 1m)), _ct);

        Assert.Equal(AppendStatus.SequenceTaken, status);
        var entries = await fixture.Ledger.ReadAsync(account, 0, _ct);
        Assert.Equal("tx-1", Assert.Single(entries).Transaction.Id);
        Assert.Null(await fixture.Ledger.FindByIdempotencyKeyAsync(account, "key-b", _ct));
    }

    [ContractFact]
    public async Task Appending_a_taken_idempotency_key_returns_IdempotencyKeyTaken_and_writes_nothing()
    {
        var account = await NewAccountAsync();
        await fixture.Ledger.TryAppendAsync(Entry(account, 1, "key-a"), _ct);

        var status = await fixture.Ledger.TryAppendAsync(Entry(account, 2, "key-a"), _ct);

        Assert.Equal(AppendStatus.IdempotencyKeyTaken, status);
        Assert.Single(await fixture.Ledger.ReadAsync(account, 0, _ct));
    }

    [ContractFact]
    public async Task A_retry_of_an_appended_request_reports_IdempotencyKeyTaken_even_though_its_sequence_is_taken_too()
    {
        var account = await NewAccountAsync();
        await fixture.Ledger.TryAppendAsync(Entry(account, 1, "key-a"), _ct);

        Assert.Equal(AppendStatus.IdempotencyKeyTaken, await fixture.Ledger.TryAppendAsync(Entry(account, 1, "key-a"), _ct));
    }

    [ContractFact]
    public async Task Appending_many_entries_stores_them_all_in_sequence_order()
    {
        var account = await NewAccountAsync();
        await fixture.Ledger.TryAppendAsync(Entry(account, 1), _ct);

        var status = await fixture.Ledger.TryAppendAllAsync([Entry(account, 2, "import-a"), Entry(account, 3, "import-b"), Entry(account, 4)], _ct);

        Assert.Equal(AppendStatus.Appended, status);
        var entries = await fixture.Ledger.ReadAsync(account, 0, _ct);
        Assert.Equal([1L, 2L, 3L, 4L], entries.Select(e => e.Sequence));
        Assert.Equal(103m, Assert.IsType<Deposit>(entries[2].Transaction).Amount);
        Assert.Equal(3, (await fixture.Ledger.FindByIdempotencyKeyAsync(account, "import-b", _ct))!.Sequence);
    }

    [ContractFact]
    public async Task Appending_many_entries_whose_first_sequence_is_taken_writes_none_of_them()
    {
        var account = await NewAccountAsync();
        await fixture.Ledger.TryAppendAsync(Entry(account, 1), _ct);

        var status = await fixture.Ledger.TryAppendAllAsync([Entry(account, 1, "import-a"), Entry(account, 2, "import-b")], _ct);

        Assert.Equal(AppendStatus.SequenceTaken, status);
        Assert.Equal([1L], (await fixture.Ledger.ReadAsync(account, 0, _ct)).Select(e => e.Sequence));
        Assert.Null(await fixture.Ledger.FindByIdempotencyKeyAsync(account, "import-b", _ct));
    }

    [ContractFact]
    public async Task Entries_without_idempotency_keys_do_not_collide()
    {
        var account = await NewAccountAsync();

        Assert.Equal(AppendStatus.Appended, await fixture.Ledger.TryAppendAsync(Entry(account, 1), _ct));
        Assert.Equal(AppendStatus.Appended, await fixture.Ledger.TryAppendAsync(Entry(account, 2), _ct));
    }

    [ContractFact]
    public async Task The_same_idempotency_key_may_be_used_by_two_accounts()
    {
        var first = await NewAccountAsync();
        var second = await NewAccountAsync();

        Assert.Equal(AppendStatus.Appended, await fixture.Ledger.TryAppendAsync(Entry(first, 1, "shared"), _ct));
        Assert.Equal(AppendStatus.Appended, await fixture.Ledger.TryAppendAsync(Entry(second, 1, "shared"), _ct));
    }

    [ContractFact]
    public async Task FindByIdempotencyKey_returns_the_entry_of_that_account_or_null()
    {
        var account = await NewAccountAsync();
        await fixture.Ledger.TryAppendAsync(Entry(account, 1), _ct);
        await fixture.Ledger.TryAppendAsync(Entry(account, 2, "key-2"), _ct);

        var found = await fixture.Ledger.FindByIdempotencyKeyAsync(account, "key-2", _ct);

        Assert.NotNull(found);
        Assert.Equal(2, found.Sequence);
        Assert.Equal("key-2", found.IdempotencyKey);
        Assert.Equal("hash-key-2", found.RequestHash);
        Assert.Equal(Recorded.AddSeconds(2), found.RecordedAt);
        Assert.Null(await fixture.Ledger.FindByIdempotencyKeyAsync(account, "key-9", _ct));
        Assert.Null(await fixture.Ledger.FindByIdempotencyKeyAsync(TestData.NewId("other"), "key-2", _ct));
    }

    [ContractFact]
    public async Task Every_transaction_type_round_trips_with_exact_decimals()
    {
        var account = await NewAccountAsync();
        var tiny = 0.000001m;
        var huge = 12345678901234.567891m;
        Transaction[] transactions =
        [
            new Buy("b", Day, "VTI", tiny, huge, 0.01m),
            new Sell("s", Day, "VTI", tiny, huge, 0m, LotMethod.SpecificId, [new LotSelection("lot-1", tiny)]),
            new CashDividend("d", Day, "VTI", huge),
            new DividendReinvestment("r", Day, "VTI", tiny, huge),
            new Split("sp", Day, "VTI", 3m, 2m, huge),
            new StockDividend("sd", Day, "VTI", 0.05m),
            new SpinOff("so", Day, "GE", "GEHC", 0.333333m, huge, tiny, 41.25m),
            new TransferIn("ti", Day, "VTI", [new TransferredLot(tiny, huge, new DateOnly(2001, 2, 3))]),
            new TransferOut("to", Day, "VTI", tiny, LotMethod.Fifo),
            new Deposit("dep", Day, huge),
            new Withdrawal("wd", Day, tiny),
            new AccountFee("fee", Day, 1.000000m, "VTI"),
            new Interest("int", Day, -0.000001m),
        ];
        Assert.Equal(TransactionJson.Types.Count, transactions.Select(t => t.GetType()).Distinct().Count());

        for (var i = 0; i < transactions.Length; i++)
            Assert.Equal(AppendStatus.Appended, await fixture.Ledger.TryAppendAsync(Entry(account, i + 1, transaction: transactions[i]), _ct));
        var read = await fixture.Ledger.ReadAsync(account, 0, _ct);

        Assert.Equal(transactions.Length, read.Count);
        for (var i = 0; i < transactions.Length; i++)
        {
            Assert.Equal(transactions[i].GetType(), read[i].Transaction.GetType());
            // The JSON form compares every field, including the lists inside Sell and TransferIn, and the decimal scales.
            Assert.Equal(TransactionJson.Serialize(transactions[i]), TransactionJson.Serialize(read[i].Transaction));
        }
        var buy = Assert.IsType<Buy>(read[0].Transaction);
        Assert.Equal("0.000001", buy.Quantity.ToString(CultureInfo.InvariantCulture));
        Assert.Equal("12345678901234.567891", buy.Price.ToString(CultureInfo.InvariantCulture));
        Assert.Equal("1.000000", Assert.IsType<AccountFee>(read[11].Transaction).Amount.ToString(CultureInfo.InvariantCulture));
    }

    [ContractFact]
    public async Task Every_field_of_every_transaction_type_reads_back_as_written()
    {
        // Every optional field set to a value other than its default, so that a field the store (or its serializer)
        // drops reads back different; expectations are written out by hand, not derived from the serializer.
        var account = await NewAccountAsync();
        var acquired = new DateOnly(2001, 2, 3);
        Transaction[] written =
        [
            new Buy("b", Day, "VTI", 1.5m, 201.25m, 4.95m),
            new Sell("s", Day, "VTI", 2.25m, 202.50m, 3.10m, LotMethod.SpecificId, [new LotSelection("lot-1", 2m), new LotSelection("lot-2", 0.25m)]),
            new CashDividend("d", Day, "VTI", 12.34m),
            new DividendReinvestment("r", Day, "VTI", 0.123m, 210.05m),
            new Split("sp", Day, "VTI", 3m, 2m, 41.5m),
            new StockDividend("sd", Day, "VTI", 0.05m, 33.3m),
            new SpinOff("so", Day, "GE", "GEHC", 0.333333m, 120.5m, 45.25m, 41.25m),
            new TransferIn("ti", Day, "VTI", [new TransferredLot(7m, 700.70m, acquired), new TransferredLot(0.5m, 51m, acquired.AddDays(1))]),
            new TransferOut("to", Day, "VTI", 3m, LotMethod.SpecificId, [new LotSelection("ti/0", 3m)]),
            new TransferOut("to2", Day, "VTI", 1m, LotMethod.Hifo),
            new Deposit("dep", Day, 1000.10m),
            new Withdrawal("wd", Day, 20.02m),
            new AccountFee("fee", Day, 1.50m, "VTI"),
            new Interest("int", Day, 0.07m),
        ];
        for (var i = 0; i < written.Length; i++)
            Assert.Equal(AppendStatus.Appended, await fixture.Ledger.TryAppendAsync(Entry(account, i + 1, transaction: written[i]), _ct));

        var read = (await fixture.Ledger.ReadAsync(account, 0, _ct)).Select(e => e.Transaction).ToList();

        Assert.Equal(written.Length, read.Count);
        Assert.All(read, t => Assert.Equal(Day, t.TradeDate));
        var buy = Assert.IsType<Buy>(read[0]);
        Assert.Equal(("b", "VTI", "1.5", "201.25", "4.95"), (buy.Id, buy.Symbol, S(buy.Quantity), S(buy.Price), S(buy.Fee)));
        var sell = Assert.IsType<Sell>(read[1]);
        Assert.Equal(("s", "VTI", "2.25", "202.50", "3.10", LotMethod.SpecificId), (sell.Id, sell.Symbol, S(sell.Quantity), S(sell.Price), S(sell.Fee), sell.Method));
        Assert.Equal([("lot-1", "2"), ("lot-2", "0.25")], sell.Lots!.Select(l => (l.LotId, S(l.Quantity))));
        var dividend = Assert.IsType<CashDividend>(read[2]);
        Assert.Equal(("d", "VTI", "12.34"), (dividend.Id, dividend.Symbol, S(dividend.Amount)));
        var reinvestment = Assert.IsType<DividendReinvestment>(read[3]);
        Assert.Equal(("r", "VTI", "0.123", "210.05"), (reinvestment.Id, reinvestment.Symbol, S(reinvestment.Quantity), S(reinvestment.Price)));
        var split = Assert.IsType<Split>(read[4]);
        Assert.Equal(("sp", "VTI", "3", "2", "41.5"), (split.Id, split.Symbol, S(split.NewShares), S(split.OldShares), S(split.CashInLieuPrice!.Value)));
        var stockDividend = Assert.IsType<StockDividend>(read[5]);
        Assert.Equal(("sd", "VTI", "0.05", "33.3"), (stockDividend.Id, stockDividend.Symbol, S(stockDividend.SharesPerShare), S(stockDividend.CashInLieuPrice!.Value)));
        var spinOff = Assert.IsType<SpinOff>(read[6]);
        Assert.Equal(("so", "GE", "GEHC", "0.333333", "120.5", "45.25", "41.25"),
            (spinOff.Id, spinOff.Symbol, spinOff.NewSymbol, S(spinOff.SharesPerShare), S(spinOff.ParentPrice), S(spinOff.NewPrice), S(spinOff.CashInLieuPrice!.Value)));
        var transferIn = Assert.IsType<TransferIn>(read[7]);
        Assert.Equal(("ti", "VTI"), (transferIn.Id, transferIn.Symbol));
        Assert.Equal([("7", "700.70", new DateOnly(2001, 2, 3)), ("0.5", "51", new DateOnly(2001, 2, 4))],
            transferIn.Lots.Select(l => (S(l.Quantity), S(l.CostBasis), l.AcquiredOn)));
        var transferOut = Assert.IsType<TransferOut>(read[8]);
        Assert.Equal(("to", "VTI", "3", LotMethod.SpecificId), (transferOut.Id, transferOut.Symbol, S(transferOut.Quantity), transferOut.Method));
        Assert.Equal([("ti/0", "3")], transferOut.Lots!.Select(l => (l.LotId, S(l.Quantity))));
        var byMethod = Assert.IsType<TransferOut>(read[9]);
        Assert.Equal(("to2", "1", LotMethod.Hifo, (IReadOnlyList<LotSelection>?)null), (byMethod.Id, S(byMethod.Quantity), byMethod.Method, byMethod.Lots));
        Assert.Equal(("dep", "1000.10"), (read[10].Id, S(Assert.IsType<Deposit>(read[10]).Amount)));
        Assert.Equal(("wd", "20.02"), (read[11].Id, S(Assert.IsType<Withdrawal>(read[11]).Amount)));
        var fee = Assert.IsType<AccountFee>(read[12]);
        Assert.Equal(("fee", "1.50", "VTI"), (fee.Id, S(fee.Amount), fee.Symbol));
        Assert.Equal(("int", "0.07"), (read[13].Id, S(Assert.IsType<Interest>(read[13]).Amount)));
    }

    [ContractFact]
    public async Task Optional_transaction_fields_left_out_read_back_as_their_defaults()
    {
        var account = await NewAccountAsync();
        Transaction[] written = [new Sell("s", Day, "VTI", 1m, 10m), new Split("sp", Day, "VTI", 2m, 1m), new AccountFee("fee", Day, 1m)];
        for (var i = 0; i < written.Length; i++)
            await fixture.Ledger.TryAppendAsync(Entry(account, i + 1, transaction: written[i]), _ct);

        var read = (await fixture.Ledger.ReadAsync(account, 0, _ct)).Select(e => e.Transaction).ToList();

        var sell = Assert.IsType<Sell>(read[0]);
        Assert.Equal((0m, (LotMethod?)null, (IReadOnlyList<LotSelection>?)null), (sell.Fee, sell.Method, sell.Lots));
        Assert.Null(Assert.IsType<Split>(read[1]).CashInLieuPrice);
        Assert.Null(Assert.IsType<AccountFee>(read[2]).Symbol);
    }

    private static string S(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    [ContractFact]
    public async Task Parallel_appenders_to_the_same_sequence_exactly_one_wins()
    {
        var account = await NewAccountAsync();
        await fixture.Ledger.TryAppendAsync(Entry(account, 1), _ct);
        // An async gate, not a blocking one: blocked pool threads would serialize the racers instead of racing them.
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var racers = Enumerable.Range(0, fixture.ParallelAppenders).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return await fixture.Ledger.TryAppendAsync(Entry(account, 2, $"racer-{i}", new Deposit($"racer-{i}", Day, i)), _ct);
        })).ToList();
        start.SetResult();
        var results = await Task.WhenAll(racers);

        Assert.Equal(1, results.Count(r => r == AppendStatus.Appended));
        Assert.Equal(fixture.ParallelAppenders - 1, results.Count(r => r == AppendStatus.SequenceTaken));
        var entries = await fixture.Ledger.ReadAsync(account, 0, _ct);
        Assert.Equal([1L, 2L], entries.Select(e => e.Sequence));
        var winner = Array.IndexOf(results, AppendStatus.Appended);
        Assert.Equal($"racer-{winner}", entries[1].Transaction.Id);
    }
}
