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

    /// <summary>bean-check's complaints; empty when it accepts the file.</summary>
    public static string Check(string path)
    {
        var (code, stdout, stderr) = Run("bean-check", path);
        return code == 0 && stderr.Trim().Length == 0 ? "" : $"bean-check exit {code}: {stdout}{stderr}";
    }

    /// <summary>Rows of a bean-query, CSV, header dropped, fields trimmed; numbers should be queried with str() to keep every digit.</summary>
    public static List<string[]> Query(string path, string query)
    {
        var (code, stdout, stderr) = Run("bean-query", "-f", "csv", path, query);
        if (code != 0 || stderr.Trim().Length > 0) throw new InvalidOperationException($"bean-query failed ({code}): {stderr}");
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(line => line.Split(',').Select(f => f.Trim()).ToArray()).ToList();
    }

    /// <summary>A number as bean-query's str() renders it ("Decimal('12.34')"), or plain.</summary>
    public static decimal Number(string s)
    {
        if (s.StartsWith("Decimal('", StringComparison.Ordinal)) s = s[9..^2];
        return decimal.Parse(s, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);
    }

    /// <summary>Beancount keeps 28 significant digits; our amounts keep 10 decimal places. Compare there.</summary>
    public static decimal Amount(decimal value) => Math.Round(value, 10, MidpointRounding.ToEven);

    /// <summary>The gain Beancount booked to <paramref name="account"/> per transaction id (income is negative in Beancount: a gain is −posting).</summary>
    public static Dictionary<string, decimal> PerTransaction(string path, string account)
    {
        var result = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var row in Query(path, $"SELECT entry_meta('id'), str(number) WHERE account = '{account}'"))
            result[row[0]] = result.GetValueOrDefault(row[0]) - Number(row[1]);
        return result;
    }

    /// <summary>Open lots at the end: label → (quantity, cost = units × Beancount's cost per unit, cost date).</summary>
    public static Dictionary<string, (decimal Quantity, decimal Cost, string Date)> OpenLots(string path)
    {
        var units = new Dictionary<(string Label, string Date, decimal PerUnit), decimal>();
        foreach (var row in Query(path, "SELECT cost_label, cost_date, str(cost_number), str(number) WHERE cost_label != ''"))
        {
            var key = (row[0], row[1], Number(row[2]));
            units[key] = units.GetValueOrDefault(key) + Number(row[3]);
        }
        return units.Where(kv => kv.Value != 0)
            .ToDictionary(kv => kv.Key.Label, kv => (kv.Value, Amount(kv.Value * kv.Key.PerUnit), kv.Key.Date), StringComparer.Ordinal);
    }

    private static (int Code, string Stdout, string Stderr) Run(string file, params string[] arguments)
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
