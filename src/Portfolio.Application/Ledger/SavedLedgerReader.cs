using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Portfolio.Domain.Ledger;
using Portfolio.Domain.Lots;

namespace Portfolio.Application.Ledger;

/// <summary>
/// Reads a stored <see cref="SavedLedger"/> straight from its UTF-8 JSON, in the form the storage serializer writes it
/// (camelCase names, numbers as unescaped strings, enums as camelCase names, nulls left out), with no string of the
/// document, no boxed field and no reflection: a cold revaluation reads one per account. Anything else (a name it does
/// not know, a number not as a string, a missing field, malformed JSON) it does not guess at: <see cref="TryRead"/>
/// answers false and the caller asks the serializer, which reads it as it always did.
/// </summary>
internal static class SavedLedgerReader
{
    public static bool TryRead(ReadOnlySpan<byte> json, [NotNullWhen(true)] out SavedLedger? saved)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            saved = reader.Read() ? Ledger(ref reader) : null;
            // Anything after the document: the serializer refuses it, with its own message.
            if (saved is not null && reader.Read()) saved = null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            saved = null;
        }
        return saved is not null;
    }

    private static readonly byte[][] LedgerNames =
        [.. new[] { "cash", "feesPaid", "lastTradeDate", "nextLotSequence", "washSaleSplits", "lots", "realized", "income", "pendingLosses", "realizedBefore" }.Select(Utf8)];
    private const int LastTradeDateBit = 1 << 2;

    private static SavedLedger? Ledger(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject) return null;
        decimal cash = 0, feesPaid = 0;
        DateOnly? lastTradeDate = null;
        long nextLotSequence = 0;
        int washSaleSplits = 0, realizedBefore = 0;
        TaxLot[]? lots = null;
        RealizedLot[]? realized = null;
        IncomeEntry[]? income = null;
        PendingWashLoss[]? pending = null;
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = Field(ref reader, LedgerNames, seen);
            if (field < 0 || !reader.Read()) return null;
            seen |= 1 << field;
            var read = field switch
            {
                0 => Decimal(ref reader, out cash),
                1 => Decimal(ref reader, out feesPaid),
                2 => NullableDate(ref reader, out lastTradeDate),
                3 => Int64(ref reader, out nextLotSequence),
                4 => Int32(ref reader, out washSaleSplits),
                5 => (lots = List<TaxLot>(ref reader, Lot)) is not null,
                6 => (realized = List<RealizedLot>(ref reader, Realized)) is not null,
                7 => (income = List<IncomeEntry>(ref reader, Income)) is not null,
                8 => (pending = List<PendingWashLoss>(ref reader, Pending)) is not null,
                _ => Int32(ref reader, out realizedBefore),
            };
            if (!read) return null;
        }
        if (reader.TokenType != JsonTokenType.EndObject || (seen | LastTradeDateBit) != All(LedgerNames)) return null;
        return new SavedLedger(cash, feesPaid, lastTradeDate, nextLotSequence, washSaleSplits, lots!, realized!, income!, pending!, realizedBefore);
    }

    private static readonly byte[][] LotNames =
        [.. new[] { "id", "symbol", "quantity", "costBasis", "acquiredOn", "sequence", "origin", "openedOn" }.Select(Utf8)];

    private static bool Lot(ref Utf8JsonReader reader, out TaxLot lot)
    {
        lot = default;
        string? id = null, symbol = null;
        decimal quantity = 0, costBasis = 0;
        DateOnly acquiredOn = default, openedOn = default;
        long sequence = 0;
        var origin = LotOrigin.Purchase;
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = Field(ref reader, LotNames, seen);
            if (field < 0 || !reader.Read()) return false;
            seen |= 1 << field;
            var read = field switch
            {
                0 => Text(ref reader, out id),
                1 => Symbol(ref reader, out symbol),
                2 => Decimal(ref reader, out quantity),
                3 => Decimal(ref reader, out costBasis),
                4 => Date(ref reader, out acquiredOn),
                5 => Int64(ref reader, out sequence),
                6 => Enum(ref reader, out origin),
                _ => Date(ref reader, out openedOn),
            };
            if (!read) return false;
        }
        if (reader.TokenType != JsonTokenType.EndObject || seen != All(LotNames)) return false;
        lot = new TaxLot(id!, symbol!, quantity, costBasis, acquiredOn, sequence, origin, openedOn);
        return true;
    }

    private static readonly byte[][] RealizedNames =
        [.. new[] { "transactionId", "lotId", "symbol", "quantity", "acquiredOn", "soldOn", "proceeds", "costBasis", "term", "washSaleDisallowed" }.Select(Utf8)];

    private static bool Realized(ref Utf8JsonReader reader, out RealizedLot piece)
    {
        piece = default;
        string? transactionId = null, lotId = null, symbol = null;
        decimal quantity = 0, proceeds = 0, costBasis = 0, disallowed = 0;
        DateOnly acquiredOn = default, soldOn = default;
        var term = Term.ShortTerm;
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = Field(ref reader, RealizedNames, seen);
            if (field < 0 || !reader.Read()) return false;
            seen |= 1 << field;
            var read = field switch
            {
                0 => Text(ref reader, out transactionId),
                1 => Text(ref reader, out lotId),
                2 => Symbol(ref reader, out symbol),
                3 => Decimal(ref reader, out quantity),
                4 => Date(ref reader, out acquiredOn),
                5 => Date(ref reader, out soldOn),
                6 => Decimal(ref reader, out proceeds),
                7 => Decimal(ref reader, out costBasis),
                8 => Enum(ref reader, out term),
                _ => Decimal(ref reader, out disallowed),
            };
            if (!read) return false;
        }
        if (reader.TokenType != JsonTokenType.EndObject || seen != All(RealizedNames)) return false;
        piece = new RealizedLot(transactionId!, lotId!, symbol!, quantity, acquiredOn, soldOn, proceeds, costBasis, term, disallowed);
        return true;
    }

    private static readonly byte[][] IncomeNames = [.. new[] { "transactionId", "date", "kind", "amount", "symbol" }.Select(Utf8)];
    private const int IncomeSymbolBit = 1 << 4;

    private static bool Income(ref Utf8JsonReader reader, out IncomeEntry entry)
    {
        entry = default;
        string? transactionId = null, symbol = null;
        DateOnly date = default;
        var kind = IncomeKind.Dividend;
        decimal amount = 0;
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = Field(ref reader, IncomeNames, seen);
            if (field < 0 || !reader.Read()) return false;
            seen |= 1 << field;
            var read = field switch
            {
                0 => Text(ref reader, out transactionId),
                1 => Date(ref reader, out date),
                2 => Enum(ref reader, out kind),
                3 => Decimal(ref reader, out amount),
                _ => Symbol(ref reader, out symbol),
            };
            if (!read) return false;
        }
        if (reader.TokenType != JsonTokenType.EndObject || (seen | IncomeSymbolBit) != All(IncomeNames)) return false;
        entry = new IncomeEntry(transactionId!, date, kind, amount, symbol);
        return true;
    }

    private static readonly byte[][] PendingNames = [.. new[] { "symbol", "realizedIndex", "unmatched" }.Select(Utf8)];

    private static bool Pending(ref Utf8JsonReader reader, out PendingWashLoss loss)
    {
        loss = null!;
        string? symbol = null;
        int realizedIndex = 0;
        decimal unmatched = 0;
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = Field(ref reader, PendingNames, seen);
            if (field < 0 || !reader.Read()) return false;
            seen |= 1 << field;
            var read = field switch
            {
                0 => Symbol(ref reader, out symbol),
                1 => Int32(ref reader, out realizedIndex),
                _ => Decimal(ref reader, out unmatched),
            };
            if (!read) return false;
        }
        if (reader.TokenType != JsonTokenType.EndObject || seen != All(PendingNames)) return false;
        loss = new PendingWashLoss(symbol!, realizedIndex, unmatched);
        return true;
    }

    private delegate bool ElementReader<T>(ref Utf8JsonReader reader, out T element);

    /// <summary>
    /// An array of objects, as an array of exactly their number (gathered in a list kept per thread: a list grown from
    /// empty would allocate twice the lots' bytes again, and a restore only copies them out); null when it is anything
    /// else (a null list included: the serializer's own business).
    /// </summary>
    private static T[]? List<T>(ref Utf8JsonReader reader, ElementReader<T> element)
    {
        if (reader.TokenType != JsonTokenType.StartArray) return null;
        var gathered = Gathered<T>.List ??= [];
        gathered.Clear();
        var read = true;
        while (read && reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            read = element(ref reader, out var item);
            gathered.Add(item);
        }
        var items = read && reader.TokenType == JsonTokenType.EndArray ? gathered.ToArray() : null;
        // Emptied so that the thread does not keep the strings of the last state read alive.
        gathered.Clear();
        return items;
    }

    private static class Gathered<T>
    {
        [ThreadStatic] public static List<T>? List;
    }

    /// <summary>
    /// The index of the property name the reader is on, among <paramref name="names"/>; -1 for a name not among them or
    /// one seen already (the serializer decides what a duplicate means). The next name in declaration order is tried
    /// first: the serializer writes them in that order.
    /// </summary>
    private static int Field(ref Utf8JsonReader reader, byte[][] names, int seen)
    {
        var next = System.Numerics.BitOperations.TrailingZeroCount(~seen);
        if (next < names.Length && reader.ValueTextEquals(names[next])) return next;
        for (var i = 0; i < names.Length; i++)
            if ((seen & (1 << i)) == 0 && reader.ValueTextEquals(names[i])) return i;
        return -1;
    }

    private static int All(byte[][] names) => (1 << names.Length) - 1;

    private static byte[] Utf8(string name) => System.Text.Encoding.UTF8.GetBytes(name);

    private static bool Text(ref Utf8JsonReader reader, out string? text)
    {
        text = reader.TokenType is JsonTokenType.String or JsonTokenType.Null ? reader.GetString() : null;
        return reader.TokenType is JsonTokenType.String or JsonTokenType.Null;
    }

    private static bool Symbol(ref Utf8JsonReader reader, out string? symbol)
    {
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && SymbolNames.TryGet(reader.ValueSpan, out symbol)) return true;
        return Text(ref reader, out symbol);
    }

    // The serializer's own parses of a quoted number, without its unescaping.
    private static bool Decimal(ref Utf8JsonReader reader, out decimal value)
    {
        if (reader.TokenType == JsonTokenType.Number) return reader.TryGetDecimal(out value);
        value = 0;
        return Unescaped(ref reader, out var text) && Utf8Parser.TryParse(text, out value, out var used) && used == text.Length;
    }

    private static bool Int64(ref Utf8JsonReader reader, out long value)
    {
        if (reader.TokenType == JsonTokenType.Number) return reader.TryGetInt64(out value);
        value = 0;
        return Unescaped(ref reader, out var text) && Utf8Parser.TryParse(text, out value, out var used) && used == text.Length;
    }

    private static bool Int32(ref Utf8JsonReader reader, out int value)
    {
        if (reader.TokenType == JsonTokenType.Number) return reader.TryGetInt32(out value);
        value = 0;
        return Unescaped(ref reader, out var text) && Utf8Parser.TryParse(text, out value, out var used) && used == text.Length;
    }

    private static bool Unescaped(ref Utf8JsonReader reader, out ReadOnlySpan<byte> text)
    {
        text = reader.ValueSpan;
        return reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped;
    }

    private static bool NullableDate(ref Utf8JsonReader reader, out DateOnly? date)
    {
        date = null;
        if (reader.TokenType == JsonTokenType.Null) return true;
        if (!Date(ref reader, out var value)) return false;
        date = value;
        return true;
    }

    /// <summary>yyyy-MM-dd exactly, as the serializer writes a date.</summary>
    private static bool Date(ref Utf8JsonReader reader, out DateOnly date)
    {
        date = default;
        if (!Unescaped(ref reader, out var text) || text.Length != 10 || text[4] != '-' || text[7] != '-') return false;
        if (!Digits(text[..4], out var year) || !Digits(text.Slice(5, 2), out var month) || !Digits(text.Slice(8, 2), out var day)) return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        date = new DateOnly(year, month, day);
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            if (c is < (byte)'0' or > (byte)'9') return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }

    private static bool Enum<T>(ref Utf8JsonReader reader, out T value) where T : struct, Enum
    {
        value = default;
        if (!Unescaped(ref reader, out var text)) return false;
        var names = EnumNames<T>.Names;
        for (var i = 0; i < names.Length; i++)
            if (text.SequenceEqual(names[i].Name))
            {
                value = names[i].Value;
                return true;
            }
        return false;
    }

    /// <summary>Each value's name as the storage serializer writes it (camelCase).</summary>
    private static class EnumNames<T> where T : struct, Enum
    {
        public static readonly (byte[] Name, T Value)[] Names =
            [.. System.Enum.GetValues<T>().Select(v => (Utf8(JsonNamingPolicy.CamelCase.ConvertName(v.ToString())), v))];
    }
}
