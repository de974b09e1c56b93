using Portfolio.Application.Imports;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests.Imports;

/// <summary>The sample files under Imports/Samples, and comparisons that see inside transactions holding lists.</summary>
internal static class Samples
{
    public static string Text(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Imports", "Samples", name));

    public static ParsedImport Parse(IImportFormat format, string name, string currency = "USD") => format.Parse(Text(name), currency);

    public static IEnumerable<(int Row, Transaction Transaction)> Booked(this ParsedImport parsed) => parsed.Rows.Select(r => (r.Row, r.Transaction));

    public static (int, Transaction) Row(int row, Transaction transaction) => (row, transaction);

    /// <summary>Rows compared field by field (a transfer's lots by value, 15000.00 equal to 15000), in order.</summary>
    public static void AssertRows(IEnumerable<(int, Transaction)> expected, IEnumerable<(int Row, Transaction Transaction)> actual)
    {
        var (want, got) = (expected.ToList(), actual.ToList());
        Assert.Equal(want.Select(r => r.Item1), got.Select(r => r.Row));
        Assert.Equal(want.Select(r => r.Item2.GetType()), got.Select(r => r.Transaction.GetType()));
        for (var i = 0; i < want.Count; i++) Assert.Equivalent(want[i].Item2, got[i].Transaction, strict: true);
    }

    public static IEnumerable<(int Row, string Column, string Value)> Errors(this ParsedImport parsed) =>
        parsed.Errors.Select(e => (e.Row, e.Column, e.Value));

    public static DateOnly D(int month, int day) => new(2026, month, day);
}
