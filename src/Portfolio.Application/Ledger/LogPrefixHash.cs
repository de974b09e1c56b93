using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Portfolio.Application.Ledger;

/// <summary>
/// Fingerprints an account's log in blocks of <see cref="LedgerState.Interval"/> entries (sequence order): the
/// hash of the prefix ending at block k is SHA-256 of the hash at block k − 1 and one line per entry of block k
/// (sequence, transaction id, trade date). A stored checkpoint carries the hash of the prefix it was replayed from, so a
/// log that is not the one it came from (restored, edited, another store) is noticed.
/// </summary>
public static class LogPrefixHash
{
    public const string Empty = "";

    /// <summary>The hash after entries[start .. start + count), given the hash of the prefix before them.</summary>
    public static string Extend(string previous, IReadOnlyList<LedgerEntry> entries, int start, int count)
    {
        // The same bytes as UTF-8 of the text described above, hashed as they are written: a full replay hashes every
        // entry, and building the text first cost a few hundred bytes of garbage per entry.
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var used = 0;
            Text(hash, buffer, ref used, previous);
            buffer[used++] = (byte)'\n';
            for (var i = start; i < start + count; i++)
            {
                var entry = entries[i];
                if (BufferSize - used < LineOverhead) Flush(hash, buffer, ref used);
                entry.Sequence.TryFormat(buffer.AsSpan(used), out var written, default, CultureInfo.InvariantCulture);
                used += written;
                buffer[used++] = (byte)'|';
                Text(hash, buffer, ref used, entry.Transaction.Id); // leaves at least LineOverhead free
                buffer[used++] = (byte)'|';
                entry.Transaction.TradeDate.TryFormat(buffer.AsSpan(used), out written, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                used += written;
                buffer[used++] = (byte)'\n';
            }
            Flush(hash, buffer, ref used);
            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            hash.GetHashAndReset(digest);
            return Convert.ToHexStringLower(digest);
        }
        finally { ArrayPool<byte>.Shared.Return(buffer); }
    }

    private const int BufferSize = 16_384;
    /// <summary>Room for a sequence, a date, both separators and the newline.</summary>
    private const int LineOverhead = 64;

    /// <summary>Appends <paramref name="text"/> as UTF-8 and leaves at least <see cref="LineOverhead"/> bytes of the buffer free.</summary>
    private static void Text(IncrementalHash hash, byte[] buffer, ref int used, string text)
    {
        if (Encoding.UTF8.GetMaxByteCount(text.Length) > BufferSize - used - LineOverhead)
        {
            Flush(hash, buffer, ref used);
            if (Encoding.UTF8.GetMaxByteCount(text.Length) > BufferSize - LineOverhead)
            {
                hash.AppendData(Encoding.UTF8.GetBytes(text));
                return;
            }
        }
        used += Encoding.UTF8.GetBytes(text, buffer.AsSpan(used));
    }

    private static void Flush(IncrementalHash hash, byte[] buffer, ref int used)
    {
        hash.AppendData(buffer, 0, used);
        used = 0;
    }
}
