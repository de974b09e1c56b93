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
        var text = new StringBuilder(previous.Length + count * 48).Append(previous).Append('\n');
        for (var i = start; i < start + count; i++)
        {
            var entry = entries[i];
            text.Append(entry.Sequence.ToString(CultureInfo.InvariantCulture)).Append('|')
                .Append(entry.Transaction.Id).Append('|')
                .Append(entry.Transaction.TradeDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append('\n');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
