using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Portfolio.Application.Ledger;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests;

public class LogPrefixHashTests
{
    [Fact]
    public void A_block_hash_is_sha256_of_the_previous_hash_and_one_line_per_entry()
    {
        // Ids of every shape: short, non-ASCII, and longer than any buffer the hash is written through.
        string[] ids = ["t1", "dépôt-€-日本", new string('x', 40_000), "sell|with|bars"];
        var entries = Enumerable.Range(0, 3_000)
            .Select(i => new LedgerEntry("a", 1_000_000_000_000L + i, new Deposit(ids[i % ids.Length] + i, new DateOnly(2020, 1, 1).AddDays(i), 1m), DateTimeOffset.UnixEpoch))
            .ToList();
        const string previous = "3f5a";

        Assert.Equal(Expected(previous, entries.Skip(7).Take(2_990)), LogPrefixHash.Extend(previous, entries, 7, 2_990));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("\n"u8)), LogPrefixHash.Extend(LogPrefixHash.Empty, entries, 0, 0));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Ids_of_three_byte_characters_hash_as_their_text_at_every_length(int seed)
    {
        // UTF-8 writes 日 in three bytes, within three of the worst case for its length, so an id written where the
        // room left is counted wrongly would not fit; lengths up to about the hash's buffer (16 KiB) and just past it.
        var random = new Random(seed);
        var lengths = Enumerable.Range(0, 300).Select(_ => random.Next(1, 2_000)).Concat([5_440, 5_460, 5_461, 5_470, 5_480, 5_500, 7]);
        var entries = lengths
            .Select((length, i) => new LedgerEntry("a", i, new Deposit(new string('日', length) + i, new DateOnly(2020, 1, 1).AddDays(i), 1m), DateTimeOffset.UnixEpoch))
            .ToList();

        Assert.Equal(Expected("9c", entries), LogPrefixHash.Extend("9c", entries, 0, entries.Count));
    }

    /// <summary>The definition itself: SHA-256 of the previous hash, a newline, and "sequence|id|yyyy-MM-dd" and a newline per entry.</summary>
    private static string Expected(string previous, IEnumerable<LedgerEntry> entries)
    {
        var text = new StringBuilder(previous).Append('\n');
        foreach (var entry in entries)
            text.Append(CultureInfo.InvariantCulture, $"{entry.Sequence}|{entry.Transaction.Id}|{entry.Transaction.TradeDate:yyyy-MM-dd}\n");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
