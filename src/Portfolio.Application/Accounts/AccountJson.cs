using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Portfolio.Application.Common;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Rebalancing;
using static Portfolio.Application.Common.StorageJsonFields;

namespace Portfolio.Application.Accounts;

/// <summary>
/// Reads a stored account from its UTF-8 JSON: by hand when it is in the form the storage serializer writes (a cold
/// revaluation reads every account, and the serializer boxes each field of these records on the way in), else by the
/// serializer, which reads it as it always did. Symbols, in the targets and in <see cref="Account.Symbols"/>, are shared
/// strings (<see cref="SymbolNames"/>): the listing keeps every account in memory.
/// </summary>
public static class AccountJson
{
    /// <summary>The account, carrying <paramref name="concurrencyToken"/> (the store's version of the row) whatever the document held.</summary>
    public static Account Read(ReadOnlySpan<byte> json, string? concurrencyToken) =>
        TryRead(json, concurrencyToken, out var account) ? account
            : StorageJson.Deserialize<Account>(json) with { ConcurrencyToken = concurrencyToken };

    internal static bool TryRead(ReadOnlySpan<byte> json, string? concurrencyToken, [NotNullWhen(true)] out Account? account)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            account = reader.Read() ? Account(ref reader, concurrencyToken) : null;
            if (account is not null && reader.Read()) account = null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            account = null;
        }
        return account is not null;
    }

    private static readonly byte[][] AccountNames =
        [.. new[] { "id", "ownerId", "name", "settings", "createdAt", "targets", "symbols", "createRequestHash", "concurrencyToken" }.Select(Utf8)];
    // Targets, symbols and the two hashes are left out when null.
    private const int Required = (1 << 5) - 1;

    private static Account? Account(ref Utf8JsonReader reader, string? concurrencyToken)
    {
        if (reader.TokenType != JsonTokenType.StartObject) return null;
        string? id = null, ownerId = null, name = null, requestHash = null;
        AccountSettings? settings = null;
        var createdAt = default(DateTimeOffset);
        TargetAllocation? targets = null;
        string[]? symbols = null;
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = Field(ref reader, AccountNames, seen);
            if (field < 0 || !reader.Read()) return null;
            seen |= 1 << field;
            var read = field switch
            {
                0 => Text(ref reader, out id),
                1 => Text(ref reader, out ownerId),
                2 => Text(ref reader, out name),
                3 => (settings = Settings(ref reader)) is not null,
                4 => reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out createdAt),
                5 => reader.TokenType == JsonTokenType.Null || (targets = Targets(ref reader)) is not null,
                6 => reader.TokenType == JsonTokenType.Null || (symbols = Symbols(ref reader)) is not null,
                7 => Text(ref reader, out requestHash),
                // The store's version replaces whatever the document held.
                _ => reader.TokenType is JsonTokenType.String or JsonTokenType.Null,
            };
            if (!read) return null;
        }
        if (reader.TokenType != JsonTokenType.EndObject || (seen & Required) != Required) return null;
        return new Account(id!, ownerId!, name!, settings!, createdAt, targets, symbols, requestHash, concurrencyToken);
    }

    private static readonly byte[][] SettingsNames =
        [.. new[] { "type", "currency", "lotMethod", "tracksCash", "allowsFractionalShares", "marginAllowance" }.Select(Utf8)];

    private static AccountSettings? Settings(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject) return null;
        var type = AccountType.Taxable;
        string? currency = null;
        var lotMethod = LotMethod.Fifo;
        bool tracksCash = false, fractional = false;
        decimal margin = 0;
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = Field(ref reader, SettingsNames, seen);
            if (field < 0 || !reader.Read()) return null;
            seen |= 1 << field;
            var read = field switch
            {
                0 => Enum(ref reader, out type),
                1 => Symbol(ref reader, out currency),
                2 => Enum(ref reader, out lotMethod),
                3 => Boolean(ref reader, out tracksCash),
                4 => Boolean(ref reader, out fractional),
                _ => Decimal(ref reader, out margin),
            };
            if (!read) return null;
        }
        if (reader.TokenType != JsonTokenType.EndObject || seen != All(SettingsNames)) return null;
        return new AccountSettings(type, currency!, lotMethod, tracksCash, fractional, margin);
    }

    private static readonly byte[][] TargetNames = [.. new[] { "targetPercents", "tolerancePercentPoints" }.Select(Utf8)];

    private static TargetAllocation? Targets(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject) return null;
        Dictionary<string, decimal>? percents = null;
        decimal tolerance = 0;
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = Field(ref reader, TargetNames, seen);
            if (field < 0 || !reader.Read()) return null;
            seen |= 1 << field;
            var read = field == 0 ? (percents = Percents(ref reader)) is not null : Decimal(ref reader, out tolerance);
            if (!read) return null;
        }
        if (reader.TokenType != JsonTokenType.EndObject || seen != All(TargetNames)) return null;
        return new TargetAllocation(percents!, tolerance);
    }

    /// <summary>
    /// The serializer's dictionary (ordinal keys, in document order), made at its final size (one grown from empty
    /// allocates and drops three smaller ones, and keeps 17 slots for 10 targets); null for a key twice, which the
    /// serializer may read otherwise.
    /// </summary>
    private static Dictionary<string, decimal>? Percents(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject) return null;
        var gathered = GatheredPercents ??= [];
        gathered.Clear();
        var read = true;
        while (read && reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var symbol = !reader.ValueIsEscaped && SymbolNames.TryGet(reader.ValueSpan, out var shared) ? shared! : reader.GetString()!;
            read = reader.Read() && Decimal(ref reader, out var percent) && Add(gathered, symbol, percent);
        }
        Dictionary<string, decimal>? percents = null;
        if (read && reader.TokenType == JsonTokenType.EndObject)
        {
            percents = new Dictionary<string, decimal>(gathered.Count);
            foreach (var (symbol, percent) in gathered) percents.Add(symbol, percent);
        }
        gathered.Clear();
        return percents;
    }

    [ThreadStatic] private static List<(string Symbol, decimal Percent)>? GatheredPercents;

    private static bool Add(List<(string Symbol, decimal Percent)> gathered, string symbol, decimal percent)
    {
        foreach (var (known, _) in gathered)
            if (known == symbol) return false;
        gathered.Add((symbol, percent));
        return true;
    }

    private static bool Boolean(ref Utf8JsonReader reader, out bool value)
    {
        value = reader.TokenType == JsonTokenType.True;
        return reader.TokenType is JsonTokenType.True or JsonTokenType.False;
    }
}
