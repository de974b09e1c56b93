using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Portfolio.Application.Common;
using Portfolio.Application.Ledger;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Ledger;
using Portfolio.Domain.Lots;

namespace Portfolio.Application.Tests.Checkpoints;

/// <summary>
/// The hand-written reader of stored ledger states against the serializer that wrote them and read them before it: every
/// state the serializer writes, it reads to the same ledger (decimal scales included); anything else it leaves to the
/// serializer, so old rows and Cosmos documents read as they always did.
/// </summary>
public class SavedLedgerReaderTests
{
    public static TheoryData<LotMethod> Methods => new(Enum.GetValues<LotMethod>());

    [Theory, MemberData(nameof(Methods))]
    public void Every_state_a_replayed_ledger_saves_reads_as_the_serializer_reads_it(LotMethod method)
    {
        var settings = LedgerLogs.Taxable(method);
        var seen = new Coverage();
        for (var seed = 0; seed < PropertyCases.Or(40); seed++)
        {
            var entries = LedgerLogs.Generate("a", settings, 1 + seed * 7 % 150, seed: seed * 31 + (int)method, splitEvery: seed % 3 == 0 ? 11 : 0);
            var ledger = LedgerState.Replay("a", settings, entries).Ledger;
            foreach (var saved in new[] { ledger.Save(), ledger.SaveCompact() })
            {
                seen.Add(saved);
                ReadsAsTheSerializer(StorageJson.Serialize(saved), mustBeHandRead: true);
            }
        }
        // The logs did reach what the reader must get right: wash sales, replacements, realized history, both kinds of income.
        Assert.True(seen.Complete, seen.ToString());
    }

    [Fact]
    public void Every_state_of_any_field_values_reads_as_the_serializer_reads_it()
    {
        var random = new Random(5);
        for (var i = 0; i < PropertyCases.Or(300); i++)
            ReadsAsTheSerializer(StorageJson.Serialize(RandomSaved(random)), mustBeHandRead: true);
    }

    public static TheoryData<string> Unusual => new()
    {
        // Numbers as JSON numbers, names in another case, a field the reader does not know, one missing, one twice.
        """{"cash":1.50,"feesPaid":"0","nextLotSequence":2,"washSaleSplits":"0","lots":[],"realized":[],"income":[],"pendingLosses":[],"realizedBefore":0}""",
        """{"Cash":"1.50","feesPaid":"0","nextLotSequence":"2","washSaleSplits":"0","lots":[],"realized":[],"income":[],"pendingLosses":[],"realizedBefore":"0"}""",
        """{"cash":"1.50","feesPaid":"0","nextLotSequence":"2","washSaleSplits":"0","lots":[],"realized":[],"income":[],"pendingLosses":[],"realizedBefore":"0","extra":[1,{"a":null}]}""",
        """{"feesPaid":"0","nextLotSequence":"2","washSaleSplits":"0","lots":[],"realized":[],"income":[],"pendingLosses":[],"realizedBefore":"0"}""",
        """{"cash":"1","cash":"2","feesPaid":"0","nextLotSequence":"2","washSaleSplits":"0","lots":[],"realized":[],"income":[],"pendingLosses":[],"realizedBefore":"0"}""",
        """{"cash":"1.5E3","feesPaid":"-0.0e-2","nextLotSequence":"2","washSaleSplits":"0","lots":[],"realized":[],"income":[],"pendingLosses":[],"realizedBefore":"0"}""",
        """{"cash":" 1","feesPaid":"+2","nextLotSequence":"2","washSaleSplits":"0","lots":[],"realized":[],"income":[],"pendingLosses":[],"realizedBefore":"0"}""",
        // Escaped digits, an enum as a number and in another case, a null list, a date not in yyyy-MM-dd.
        """{"cash":"\u0031.5","feesPaid":"0","nextLotSequence":"2","washSaleSplits":"0","lots":[],"realized":[],"income":[],"pendingLosses":[],"realizedBefore":"0"}""",
        """{"cash":"0","feesPaid":"0","nextLotSequence":"2","washSaleSplits":"0","lots":[{"id":"l","symbol":"A","quantity":"1","costBasis":"2","acquiredOn":"2024-01-02","sequence":"0","origin":1,"openedOn":"2024-01-02"}],"realized":[],"income":[],"pendingLosses":[],"realizedBefore":"0"}""",
        """{"cash":"0","feesPaid":"0","nextLotSequence":"2","washSaleSplits":"0","lots":[{"id":"l","symbol":"A","quantity":"1","costBasis":"2","acquiredOn":"2024-01-02","sequence":"0","origin":"SpinOff","openedOn":"2024-01-02"}],"realized":[],"income":[],"pendingLosses":[],"realizedBefore":"0"}""",
        """{"cash":"0","feesPaid":"0","nextLotSequence":"2","washSaleSplits":"0","lots":null,"realized":[],"income":[],"pendingLosses":[],"realizedBefore":"0"}""",
        """{"cash":"0","feesPaid":"0","lastTradeDate":"2024-1-2","nextLotSequence":"2","washSaleSplits":"0","lots":[],"realized":[],"income":[],"pendingLosses":[],"realizedBefore":"0"}""",
        // Not what the serializer reads at all: it must still refuse them, with its own error.
        """{"cash":"1x","feesPaid":"0","nextLotSequence":"2","washSaleSplits":"0","lots":[],"realized":[],"income":[],"pendingLosses":[],"realizedBefore":"0"}""",
        """{"cash":"0","feesPaid":"0","lastTradeDate":"2023-02-29","nextLotSequence":"2","washSaleSplits":"0","lots":[],"realized":[],"income":[],"pendingLosses":[],"realizedBefore":"0"}""",
        """{"cash":"0","feesPaid":"0","nextLotSequence":"2","washSaleSplits":"0","lots":[],"realized":[],"income":[],"pendingLosses":[],"realizedBefore":"0"} {}""",
        """{"cash":"0","feesPaid":"0","nextLotSequence":"2","washSaleSplits":"0","lots":[],"realized":[],""",
    };

    [Theory, MemberData(nameof(Unusual))]
    public void A_state_not_in_the_written_form_reads_as_the_serializer_reads_it(string json) =>
        ReadsAsTheSerializer(json, mustBeHandRead: false);

    /// <summary>One of everything a state holds, every field away from its type's default (RealizedBefore too).</summary>
    private static SavedLedger Whole() => new(
        12.50m, 1.25m, new DateOnly(2024, 3, 4), 7, 1,
        [new TaxLot("l1", "AAA", 10m, 1000.50m, new DateOnly(2023, 1, 2), 3, LotOrigin.WashSaleReplacement, new DateOnly(2024, 2, 1))],
        [new RealizedLot("tx1", "l0", "AAA", 5m, new DateOnly(2023, 1, 2), new DateOnly(2024, 1, 15), 400m, 500m, Term.LongTerm, 25m)],
        [new IncomeEntry("tx2", new DateOnly(2024, 2, 2), IncomeKind.ReinvestedDividend, 3.10m, "AAA")],
        [new PendingWashLoss("AAA", 1, 2.5m)],
        2);

    private static readonly string[] Elements = ["lots", "realized", "income", "pendingLosses"];

    /// <summary>Every field of the state and of each kind of entry, as (the list it is in, or "" for the state; its name).</summary>
    public static TheoryData<string, string> Fields()
    {
        var whole = JsonNode.Parse(StorageJson.Serialize(Whole()))!.AsObject();
        var fields = new TheoryData<string, string>();
        foreach (var (name, _) in whole) fields.Add("", name);
        foreach (var list in Elements)
            foreach (var (name, _) in whole[list]![0]!.AsObject()) fields.Add(list, name);
        return fields;
    }

    // The serializer fills a missing field with its constructor's default value, which the reader cannot know (5 for a
    // target's tolerance, say): a state missing any field but the two that are left out when null is the serializer's.
    [Theory, MemberData(nameof(Fields))]
    public void A_state_missing_any_field_but_the_nullable_ones_is_left_to_the_serializer(string list, string field)
    {
        var state = JsonNode.Parse(StorageJson.Serialize(Whole()))!.AsObject();
        Assert.True((list == "" ? state : state[list]![0]!.AsObject()).Remove(field));
        var json = state.ToJsonString();
        var nullable = (list, field) is ("", "lastTradeDate") or ("income", "symbol");

        Assert.Equal(nullable, SavedLedgerReader.TryRead(Encoding.UTF8.GetBytes(json), out _));
        ReadsAsTheSerializer(json, mustBeHandRead: nullable);
    }

    /// <summary>
    /// An entry with a name the reader does not know (a string, or an object that is itself a whole entry), or with a
    /// value of the wrong type first or last (a scalar, or an array holding a whole entry): the serializer's, and never a
    /// state the reader made up around it.
    /// </summary>
    public static TheoryData<string, string> OddEntries()
    {
        var entries = new TheoryData<string, string>();
        foreach (var list in Elements)
            foreach (var odd in new[] { "unknown text", "unknown entry", "first of a wrong type", "last as an array of entries" })
                entries.Add(list, odd);
        return entries;
    }

    [Theory, MemberData(nameof(OddEntries))]
    public void An_entry_with_an_unknown_name_or_a_wrongly_typed_value_is_left_to_the_serializer(string list, string odd)
    {
        var state = JsonNode.Parse(StorageJson.Serialize(Whole()))!.AsObject();
        var entry = state[list]![0]!.AsObject();
        var names = entry.Select(p => p.Key).ToArray();
        var copy = entry.DeepClone();
        var fields = odd switch
        {
            "unknown text" => new[] { new KeyValuePair<string, JsonNode?>("note", "x") }.Concat(CopyOf(entry)),
            "unknown entry" => new[] { new KeyValuePair<string, JsonNode?>("previous", copy) }.Concat(CopyOf(entry)),
            "first of a wrong type" => CopyOf(entry).Select((p, i) => i == 0 ? new KeyValuePair<string, JsonNode?>(p.Key, true) : p),
            _ => CopyOf(entry).Select((p, i) => i == names.Length - 1 ? new KeyValuePair<string, JsonNode?>(p.Key, new JsonArray(copy)) : p),
        };
        state[list] = new JsonArray(new JsonObject(fields.ToList()));
        var json = state.ToJsonString();

        Assert.False(SavedLedgerReader.TryRead(Encoding.UTF8.GetBytes(json), out _), json);
        ReadsAsTheSerializer(json, mustBeHandRead: false);
    }

    private static IEnumerable<KeyValuePair<string, JsonNode?>> CopyOf(JsonObject entry) =>
        entry.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, p.Value?.DeepClone())).ToList();

    [Fact]
    public void Symbols_read_from_states_share_one_string_each()
    {
        var random = new Random(9);
        var first = LedgerCheckpointJson.Read(Encoding.UTF8.GetBytes(StorageJson.Serialize(RandomSaved(random) with { Lots = [Lot("l1", "SHARED1")] })));
        var second = LedgerCheckpointJson.Read(Encoding.UTF8.GetBytes(StorageJson.Serialize(RandomSaved(random) with { Lots = [Lot("l2", "SHARED1")] })));

        Assert.Same(first.Lots[0].Symbol, second.Lots[0].Symbol);
        Assert.Equal("SHARED1", second.Lots[0].Symbol);
    }

    private static void ReadsAsTheSerializer(string json, bool mustBeHandRead)
    {
        var utf8 = Encoding.UTF8.GetBytes(json);
        SavedLedger expected;
        try
        {
            expected = StorageJson.Deserialize<SavedLedger>(json);
        }
        catch (JsonException refused)
        {
            var error = Assert.Throws<JsonException>(() => LedgerCheckpointJson.Read(utf8));
            Assert.Equal(refused.Message, error.Message);
            return;
        }
        if (mustBeHandRead) Assert.True(SavedLedgerReader.TryRead(utf8, out _), json);
        Same(expected, LedgerCheckpointJson.Read(utf8));
        if (mustBeHandRead) Assert.Equal(json, StorageJson.Serialize(LedgerCheckpointJson.Read(utf8)));
    }

    private static void Same(SavedLedger expected, SavedLedger actual)
    {
        Assert.Equal(
            (expected.Cash, expected.FeesPaid, expected.LastTradeDate, expected.NextLotSequence, expected.WashSaleSplits, expected.RealizedBefore),
            (actual.Cash, actual.FeesPaid, actual.LastTradeDate, actual.NextLotSequence, actual.WashSaleSplits, actual.RealizedBefore));
        Assert.Equal((expected.Cash.Scale, expected.FeesPaid.Scale), (actual.Cash.Scale, actual.FeesPaid.Scale));
        Assert.Equal(expected.Lots, actual.Lots);
        Assert.Equal(expected.Lots?.Select(l => (l.Quantity.Scale, l.CostBasis.Scale)), actual.Lots?.Select(l => (l.Quantity.Scale, l.CostBasis.Scale)));
        Assert.Equal(expected.Realized, actual.Realized);
        Assert.Equal(
            expected.Realized?.Select(r => (r.Quantity.Scale, r.Proceeds.Scale, r.CostBasis.Scale, r.WashSaleDisallowed.Scale)),
            actual.Realized?.Select(r => (r.Quantity.Scale, r.Proceeds.Scale, r.CostBasis.Scale, r.WashSaleDisallowed.Scale)));
        Assert.Equal(expected.Income, actual.Income);
        Assert.Equal(expected.Income?.Select(i => i.Amount.Scale), actual.Income?.Select(i => i.Amount.Scale));
        Assert.Equal(expected.PendingLosses, actual.PendingLosses);
        Assert.Equal(expected.PendingLosses?.Select(p => p.Unmatched.Scale), actual.PendingLosses?.Select(p => p.Unmatched.Scale));
    }

    private static readonly string[] Texts = ["AAA", "brk.b", "Ä\"B", "<&>'+", "日本", "x\\y\n", "", "😀 emoji", "tx_acc_0000001_7"];

    private static SavedLedger RandomSaved(Random random)
    {
        string Text() => Texts[random.Next(Texts.Length)] + (random.Next(3) == 0 ? random.Next(1000).ToString() : "");
        decimal Amount() => random.Next(4) switch
        {
            0 => 0m,
            1 => new decimal(random.Next(), random.Next(), random.Next(), random.Next(2) == 0, (byte)random.Next(29)),
            2 => random.Next(-100_000, 100_000) / 100m,
            _ => decimal.Round(random.Next(1, 1_000_000) / 7m, random.Next(0, 12)),
        };
        DateOnly Date() => DateOnly.FromDayNumber(random.Next(DateOnly.MinValue.DayNumber, DateOnly.MaxValue.DayNumber + 1));
        T Pick<T>() where T : struct, Enum => Enum.GetValues<T>()[random.Next(Enum.GetValues<T>().Length)];
        long Long() => random.Next(3) == 0 ? random.NextInt64(long.MinValue, long.MaxValue) : random.Next(1000);
        int Int() => random.Next(3) == 0 ? random.Next(int.MinValue, int.MaxValue) : random.Next(100);

        return new SavedLedger(
            Amount(), Amount(), random.Next(3) == 0 ? null : Date(), Long(), Int(),
            [.. Enumerable.Range(0, random.Next(6)).Select(_ => new TaxLot(Text(), Text(), Amount(), Amount(), Date(), Long(), Pick<LotOrigin>(), Date()))],
            [.. Enumerable.Range(0, random.Next(6)).Select(_ => new RealizedLot(Text(), Text(), Text(), Amount(), Date(), Date(), Amount(), Amount(), Pick<Term>(), Amount()))],
            [.. Enumerable.Range(0, random.Next(4)).Select(_ => new IncomeEntry(Text(), Date(), Pick<IncomeKind>(), Amount(), random.Next(2) == 0 ? null : Text()))],
            [.. Enumerable.Range(0, random.Next(4)).Select(_ => new PendingWashLoss(Text(), Int(), Amount()))],
            Int());
    }

    private static TaxLot Lot(string id, string symbol) =>
        new(id, symbol, 1m, 2m, new DateOnly(2024, 1, 2), 0, LotOrigin.Purchase, new DateOnly(2024, 1, 2));

    /// <summary>What the replayed ledgers' states held, summed over a test's cases.</summary>
    private sealed class Coverage
    {
        private int washed, replacements, realized, pending, dividends, interest, compacted, lots;

        public void Add(SavedLedger saved)
        {
            lots += saved.Lots.Count;
            replacements += saved.Lots.Count(l => l.Origin == LotOrigin.WashSaleReplacement);
            realized += saved.Realized.Count;
            washed += saved.Realized.Count(r => r.WashSaleDisallowed != 0);
            pending += saved.PendingLosses.Count;
            dividends += saved.Income.Count(i => i.Symbol is not null);
            interest += saved.Income.Count(i => i.Symbol is null);
            compacted += saved.RealizedBefore > 0 ? 1 : 0;
        }

        public bool Complete => new[] { washed, replacements, realized, pending, dividends, interest, compacted, lots }.All(n => n > 0);

        public override string ToString() =>
            $"lots {lots}, replacements {replacements}, realized {realized}, washed {washed}, pending {pending}, dividends {dividends}, interest {interest}, compacted {compacted}";
    }
}
