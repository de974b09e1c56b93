using System.Globalization;
using System.Text;
using Portfolio.Application.Imports;
using Portfolio.Domain.Ledger;
using Portfolio.Domain.Lots;

namespace Portfolio.Application.Tax;

/// <summary>
/// One line of Form 8949: a closed lot piece. Amounts in dollars and cents (rounded half away from zero, each line on
/// its own; (h) is worked from the rounded (d), (e) and (g), so every line and total adds up as the form requires).
/// </summary>
/// <param name="Proceeds">(d): the sale price less the piece's share of the selling fee (IRS instructions, column (d)).</param>
/// <param name="CostBasis">(e): what the lot cost including the buying fee, after splits and wash-sale additions.</param>
/// <param name="Code">(f): "W" when part of a loss is disallowed by the wash-sale rule, else empty.</param>
/// <param name="Adjustment">(g): the disallowed loss, as a positive number; 0 without an adjustment.</param>
/// <param name="GainOrLoss">(h) = (d) − (e) + (g).</param>
public sealed record Form8949Line(
    Term Part, string Description, DateOnly Acquired, DateOnly Sold, decimal Proceeds, decimal CostBasis, string Code, decimal Adjustment, decimal GainOrLoss);

/// <summary>The totals of one part of Form 8949 (its line 2), which Schedule D takes on line 3 (Part I, box C) or line 10 (Part II, box F).</summary>
public sealed record Form8949Totals(string Part, string Box, int ScheduleDLine, decimal Proceeds, decimal CostBasis, decimal Adjustment, decimal GainOrLoss);

/// <summary>
/// Form 8949 (Sales and Other Dispositions of Capital Assets) from an account's realized lot pieces, following the IRS
/// instructions for Form 8949: Part I short-term, Part II long-term; box C and box F, because these sales are not reported
/// to the taxpayer on a Form 1099-B by this product (the broker's own 1099-B may differ and takes precedence); a wash
/// sale has code W in column (f) and the disallowed loss as a positive number in column (g).
/// </summary>
public static class Form8949
{
    public const string ShortTermBox = "C";
    public const string LongTermBox = "F";

    public static IReadOnlyList<Form8949Line> Lines(IEnumerable<RealizedLot> realized, int year) =>
        realized.Where(r => r.SoldOn.Year == year)
            .Select(Line)
            .OrderBy(l => l.Part).ThenBy(l => l.Sold).ThenBy(l => l.Acquired).ThenBy(l => l.Description, StringComparer.Ordinal)
            .ToList();

    private static Form8949Line Line(RealizedLot piece)
    {
        var proceeds = Cents(piece.Proceeds);
        var basis = Cents(piece.CostBasis);
        var adjustment = Cents(piece.WashSaleDisallowed);
        return new Form8949Line(piece.Term, $"{Csv.Number(piece.Quantity)} sh. {piece.Symbol}", piece.AcquiredOn, piece.SoldOn,
            proceeds, basis, adjustment != 0 ? "W" : "", adjustment, proceeds - basis + adjustment);
    }

    public static Form8949Totals Totals(IReadOnlyList<Form8949Line> lines, Term part)
    {
        var of = lines.Where(l => l.Part == part).ToList();
        return new Form8949Totals(part == Term.ShortTerm ? "I" : "II", part == Term.ShortTerm ? ShortTermBox : LongTermBox,
            part == Term.ShortTerm ? 3 : 10,
            of.Sum(l => l.Proceeds), of.Sum(l => l.CostBasis), of.Sum(l => l.Adjustment), of.Sum(l => l.GainOrLoss));
    }

    public static readonly string[] Columns =
    [
        "Part", "Box", "(a) Description of property", "(b) Date acquired", "(c) Date sold or disposed of",
        "(d) Proceeds (sales price)", "(e) Cost or other basis", "(f) Code(s) from instructions",
        "(g) Amount of adjustment to gain or loss", "(h) Gain or (loss)",
    ];

    /// <summary>The CSV: a header, the Part I lines and their totals, then the Part II lines and their totals. Dates MM/DD/YYYY as on the form.</summary>
    public static string Write(IReadOnlyList<Form8949Line> lines)
    {
        var text = new StringBuilder().Append(Csv.Line(Columns)).Append("\r\n");
        foreach (var part in new[] { Term.ShortTerm, Term.LongTerm })
        {
            var totals = Totals(lines, part);
            foreach (var line in lines.Where(l => l.Part == part))
                text.Append(Csv.Line([totals.Part, totals.Box, line.Description, Date(line.Acquired), Date(line.Sold),
                    Money(line.Proceeds), Money(line.CostBasis), line.Code, line.Adjustment == 0 ? "" : Money(line.Adjustment), Money(line.GainOrLoss)])).Append("\r\n");
            text.Append(Csv.Line([totals.Part, totals.Box, "Totals (line 2)", "", "", Money(totals.Proceeds), Money(totals.CostBasis), "",
                Money(totals.Adjustment), Money(totals.GainOrLoss)])).Append("\r\n");
        }
        return text.ToString();
    }

    private static decimal Cents(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
    private static string Money(decimal value) => Cents(value).ToString("0.00", CultureInfo.InvariantCulture);
    private static string Date(DateOnly date) => date.ToString("MM/dd/yyyy", CultureInfo.InvariantCulture);
}
