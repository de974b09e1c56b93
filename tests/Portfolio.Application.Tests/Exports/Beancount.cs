using System.Diagnostics;
using System.Globalization;
using Portfolio.Application.Exports;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests.Exports;

/// <summary>Debian's beancount (bean-check, bean-query) run on an exported ledger.</summary>
internal static class Beancount
{
    /// <summary>Why the Beancount tests cannot run here, or null. With CI set they never skip: a missing beancount fails them.</summary>
    public static string? Missing =>
        Environment.GetEnvironmentVariable("CI") is { Length: > 0 } || (File.Exists("/usr/bin/bean-check") && File.Exists("/usr/bin/bean-query"))
            ? null
            : "bean-check or bean-query is missing: run scripts/test.sh (it installs Debian's beancount)";

    /// <summary>Writes the export of <paramref name="log"/> to a file; returns its path and text.</summary>
    public static (string Path, string Text) Export(string name, AccountSettings settings, IReadOnlyList<Transaction> log, IReadOnlyList<BeancountPrice>? prices = null)
    {
        var text = string.Concat(BeancountFormat.Write(name, settings, log, prices ?? []));
        var path = System.IO.Path.Combine(Directory.CreateTempSubdirectory("portfolio-beancount-").FullName, "ledger.beancount");
        File.WriteAllText(path, text);
        return (path, text);
    }

    /// <summary>
    /// What Beancount says of a file, from one Python process: bean-check's complaints (empty when it accepts the file) and
    /// the rows of each query as bean-query computes them. Loading once serves every query; the load is bean-check's own
    /// (<c>loader.load_file</c> with its hard-core validations), and each query is bean-query's (<c>run_query</c> on the
    /// loaded entries).
    /// </summary>
    public static (string Errors, List<List<string[]>> Rows) CheckAndQuery(string path, params string[] queries)
    {
        var (code, stdout, stderr) = Run("/usr/bin/python3", ["-c", CheckAndQueryScript, path, .. queries]);
        if (code != 0 || stderr.Trim().Length > 0) throw new InvalidOperationException($"beancount failed ({code}): {stderr}");
        using var json = System.Text.Json.JsonDocument.Parse(stdout);
        var rows = json.RootElement.GetProperty("rows").EnumerateArray()
            .Select(query => query.EnumerateArray().Select(row => row.EnumerateArray().Select(f => f.GetString()!.Trim()).ToArray()).ToList())
            .ToList();
        return (json.RootElement.GetProperty("errors").GetString()!, rows);
    }

    // Every value as text, as bean-query's CSV shows it (a date as 2024-01-03, a missing one as nothing).
    private const string CheckAndQueryScript = """
        import io, json, sys
        from beancount import loader
        from beancount.ops import validation
        from beancount.parser import printer
        from beancount.query import query
        entries, errors, options = loader.load_file(sys.argv[1], extra_validations=validation.HARDCORE_VALIDATIONS)
        text = io.StringIO()
        printer.print_errors(errors, file=text)
        rows = [[["" if v is None else str(v) for v in row] for row in query.run_query(entries, options, q)[1]] for q in sys.argv[2:]]
        json.dump({"errors": text.getvalue(), "rows": rows}, sys.stdout)
        """;

    /// <summary>The query behind <see cref="PerTransaction"/>.</summary>
    public static string PerTransactionQuery(string account) => $"SELECT entry_meta('id'), str(number) WHERE account = '{account}'";

    /// <summary>The query behind <see cref="OpenLots"/>.</summary>
    public const string OpenLotsQuery = "SELECT cost_label, cost_date, str(cost_number), str(number) WHERE cost_label != ''";

    /// <summary>A number as bean-query's CSV renders str() ("Decimal('12.34')"), or plain.</summary>
    public static decimal Number(string s)
    {
        if (s.StartsWith("Decimal('", StringComparison.Ordinal)) s = s[9..^2];
        return decimal.Parse(s, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);
    }

    /// <summary>Beancount keeps 28 significant digits; our amounts keep 10 decimal places. Compare there.</summary>
    public static decimal Amount(decimal value) => Math.Round(value, 10, MidpointRounding.ToEven);

    /// <summary>The gain Beancount booked to an account per transaction id, from the rows of its <see cref="PerTransactionQuery"/> (income is negative in Beancount: a gain is −posting).</summary>
    public static Dictionary<string, decimal> PerTransaction(List<string[]> rows)
    {
        var result = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var row in rows)
            result[row[0]] = result.GetValueOrDefault(row[0]) - Number(row[1]);
        return result;
    }

    /// <summary>Open lots at the end, from the rows of <see cref="OpenLotsQuery"/>: label → (quantity, cost = units × Beancount's cost per unit, cost date).</summary>
    public static Dictionary<string, (decimal Quantity, decimal Cost, string Date)> OpenLots(List<string[]> rows)
    {
        var units = new Dictionary<(string Label, string Date, decimal PerUnit), decimal>();
        foreach (var row in rows)
        {
            var key = (row[0], row[1], Number(row[2]));
            units[key] = units.GetValueOrDefault(key) + Number(row[3]);
        }
        return units.Where(kv => kv.Value != 0)
            .ToDictionary(kv => kv.Key.Label, kv => (kv.Value, Amount(kv.Value * kv.Key.PerUnit), kv.Key.Date), StringComparer.Ordinal);
    }

    private static (int Code, string Stdout, string Stderr) Run(string file, string[] arguments)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output, err.Result);
    }
}

/// <summary>A test that runs Debian's beancount: skipped only outside CI when it is not installed.</summary>
public sealed class BeancountFactAttribute : FactAttribute
{
    public BeancountFactAttribute() => Skip = Beancount.Missing;
}
