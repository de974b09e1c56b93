using System.Buffers.Text;
using System.Text.Json;

namespace Portfolio.Application.Common;

/// <summary>
/// The fields of storage JSON (<see cref="StorageJson"/>) read by hand, each as the serializer writes it: numbers as
/// unescaped strings (or JSON numbers, which the serializer also reads), dates as yyyy-MM-dd, enums as camelCase names.
/// Each answers false for anything else, and its caller then leaves the whole document to the serializer.
/// </summary>
internal static class StorageJsonFields
{
    internal delegate bool ElementReader<T>(ref Utf8JsonReader reader, out T element);

    /// <summary>
    /// An array of objects, as an array of exactly their number (gathered in a list kept per thread: a list grown from
    /// empty would allocate about as much again in arrays it outgrows); null when it is anything else (a null list
    /// included: the serializer's own business).
    /// </summary>
    internal static T[]? List<T>(ref Utf8JsonReader reader, ElementReader<T> element)
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

    /// <summary>An array of symbols (<see cref="Symbol"/>), as an array of exactly their number; null when it is anything else.</summary>
    internal static string[]? Symbols(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray) return null;
        var gathered = Gathered<string>.List ??= [];
        gathered.Clear();
        var read = true;
        while (read && reader.Read() && reader.TokenType == JsonTokenType.String)
        {
            read = Symbol(ref reader, out var symbol);
            gathered.Add(symbol!);
        }
        var items = read && reader.TokenType == JsonTokenType.EndArray ? gathered.ToArray() : null;
        gathered.Clear();
        return items;
    }

    /// <summary>
    /// The index of the property name the reader is on, among <paramref name="names"/>; -1 for a name not among them or
    /// one seen already (the serializer decides what a duplicate means). The next name in declaration order is tried
    /// first: the serializer writes them in that order.
    /// </summary>
    internal static int Field(ref Utf8JsonReader reader, byte[][] names, int seen)
    {
        var next = System.Numerics.BitOperations.TrailingZeroCount(~seen);
        if (next < names.Length && reader.ValueTextEquals(names[next])) return next;
        for (var i = 0; i < names.Length; i++)
            if ((seen & (1 << i)) == 0 && reader.ValueTextEquals(names[i])) return i;
        return -1;
    }

    internal static int All(byte[][] names) => (1 << names.Length) - 1;

    internal static byte[] Utf8(string name) => System.Text.Encoding.UTF8.GetBytes(name);

    internal static bool Text(ref Utf8JsonReader reader, out string? text)
    {
        text = reader.TokenType is JsonTokenType.String or JsonTokenType.Null ? reader.GetString() : null;
        return reader.TokenType is JsonTokenType.String or JsonTokenType.Null;
    }

    internal static bool Symbol(ref Utf8JsonReader reader, out string? symbol)
    {
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && SymbolNames.TryGet(reader.ValueSpan, out symbol)) return true;
        return Text(ref reader, out symbol);
    }

    // The serializer's own parses of a quoted number, without its unescaping.
    internal static bool Decimal(ref Utf8JsonReader reader, out decimal value)
    {
        if (reader.TokenType == JsonTokenType.Number) return reader.TryGetDecimal(out value);
        value = 0;
        return Unescaped(ref reader, out var text) && Utf8Parser.TryParse(text, out value, out var used) && used == text.Length;
    }

    internal static bool Int64(ref Utf8JsonReader reader, out long value)
    {
        if (reader.TokenType == JsonTokenType.Number) return reader.TryGetInt64(out value);
        value = 0;
        return Unescaped(ref reader, out var text) && Utf8Parser.TryParse(text, out value, out var used) && used == text.Length;
    }

    internal static bool Int32(ref Utf8JsonReader reader, out int value)
    {
        if (reader.TokenType == JsonTokenType.Number) return reader.TryGetInt32(out value);
        value = 0;
        return Unescaped(ref reader, out var text) && Utf8Parser.TryParse(text, out value, out var used) && used == text.Length;
    }

    internal static bool Unescaped(ref Utf8JsonReader reader, out ReadOnlySpan<byte> text)
    {
        text = reader.ValueSpan;
        return reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped;
    }

    internal static bool NullableDate(ref Utf8JsonReader reader, out DateOnly? date)
    {
        date = null;
        if (reader.TokenType == JsonTokenType.Null) return true;
        if (!Date(ref reader, out var value)) return false;
        date = value;
        return true;
    }

    /// <summary>yyyy-MM-dd exactly, as the serializer writes a date.</summary>
    internal static bool Date(ref Utf8JsonReader reader, out DateOnly date)
    {
        date = default;
        if (!Unescaped(ref reader, out var text) || text.Length != 10 || text[4] != '-' || text[7] != '-') return false;
        if (!Digits(text[..4], out var year) || !Digits(text.Slice(5, 2), out var month) || !Digits(text.Slice(8, 2), out var day)) return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        date = new DateOnly(year, month, day);
        return true;
    }

    internal static bool Digits(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            if (c is < (byte)'0' or > (byte)'9') return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }

    internal static bool Enum<T>(ref Utf8JsonReader reader, out T value) where T : struct, Enum
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
    internal static class EnumNames<T> where T : struct, Enum
    {
        public static readonly (byte[] Name, T Value)[] Names =
            [.. System.Enum.GetValues<T>().Select(v => (Utf8(JsonNamingPolicy.CamelCase.ConvertName(v.ToString())), v))];
    }
}
