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

        var text = new StringBuilder(previous).Append('\n');
        foreach (var entry in entries.Skip(7).Take(2_990))
            text.Append(CultureInfo.InvariantCulture, $"{entry.Sequence}|{entry.Transaction.Id}|{entry.Transaction.TradeDate:yyyy-MM-dd}\n");
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));

        Assert.Equal(expected, LogPrefixHash.Extend(previous, entries, 7, 2_990));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("\n"u8)), LogPrefixHash.Extend(LogPrefixHash.Empty, entries, 0, 0));
    }
}
