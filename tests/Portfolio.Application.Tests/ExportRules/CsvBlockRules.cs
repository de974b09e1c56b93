using Portfolio.Application.Exports;
using Portfolio.Application.Imports;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests.ExportRules;

/// <summary>The CSV export streams a block per thousand rows, and no more blocks than that.</summary>
public class CsvBlockRules
{
    [Fact]
    public void A_log_of_exactly_a_thousand_rows_is_one_block()
    {
        var log = Enumerable.Range(0, 1_000).Select(i => (Transaction)new Deposit($"tx_{i}", new DateOnly(2024, 5, 1), i + 1)).ToList();

        var pieces = ExportService.CsvPieces(log).ToList();

        Assert.Equal(ProductCsvFormat.Write(log), Assert.Single(pieces));
    }
}
