using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Portfolio.Domain.Ledger;
using Portfolio.Application.Common;
using Portfolio.Domain.Lots;
using static Portfolio.Application.Common.StorageJsonFields;

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
}
