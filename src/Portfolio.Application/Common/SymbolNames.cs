using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Unicode;

namespace Portfolio.Application.Common;

/// <summary>
/// One string per symbol for the ledgers read from storage: a revaluation keeps every account's ledger in memory, and the
/// few hundred symbols of a market would otherwise be allocated, and then held, once per lot of every account.
/// </summary>
internal static class SymbolNames
{
    private const int MaxLength = 32;
    // Symbols are few; a store of odd data must not make this grow without bound (past it, symbols are simply not shared).
    private const int Capacity = 100_000;

    private static readonly ConcurrentDictionary<string, string> Names = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> BySpan = Names.GetAlternateLookup<ReadOnlySpan<char>>();
    private static int count;

    /// <summary>The shared string of this UTF-8 symbol; false for one too long, not valid UTF-8, or beyond the capacity.</summary>
    public static bool TryGet(ReadOnlySpan<byte> utf8, out string? symbol)
    {
        symbol = null;
        if (utf8.Length > MaxLength) return false;
        Span<char> chars = stackalloc char[MaxLength];
        if (Utf8.ToUtf16(utf8, chars, out _, out var written, replaceInvalidSequences: false) != OperationStatus.Done) return false;
        if (BySpan.TryGetValue(chars[..written], out symbol)) return true;
        if (Volatile.Read(ref count) >= Capacity) return false;
        var text = new string(chars[..written]);
        symbol = Names.GetOrAdd(text, text);
        if (ReferenceEquals(symbol, text)) Interlocked.Increment(ref count);
        return true;
    }
}
