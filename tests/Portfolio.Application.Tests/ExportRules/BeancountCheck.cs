using System.Diagnostics;
using System.Text.Json;
using Portfolio.Application.Exports;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests.ExportRules;

/// <summary>A log's export as one text, and what Debian's bean-check says of exported ledgers (nothing when it accepts one).</summary>
internal static class BeancountCheck
{
    public static string Text(AccountSettings settings, IReadOnlyList<Transaction> log, params BeancountPrice[] prices) =>
        string.Concat(BeancountFormat.Write("Brokerage", settings, log, prices));

    /// <summary>
    /// bean-check's complaints about each ledger, in order, from one Python process (a process costs about 0.2 s of CPU,
    /// paid again for every mutant a mutation run switches on).
    /// </summary>
    public static string[] Complaints(params (AccountSettings Settings, IReadOnlyList<Transaction> Log, BeancountPrice[] Prices)[] ledgers)
    {
        var directory = Directory.CreateTempSubdirectory("portfolio-beancount-").FullName;
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(CheckScript);
        for (var i = 0; i < ledgers.Length; i++)
        {
            var path = Path.Combine(directory, $"ledger-{i}.beancount");
            File.WriteAllText(path, string.Concat(BeancountFormat.Write("Brokerage", ledgers[i].Settings, ledgers[i].Log, ledgers[i].Prices)));
            psi.ArgumentList.Add(path);
        }
        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0 || stderr.Result.Trim().Length > 0) throw new InvalidOperationException($"beancount failed ({process.ExitCode}): {stderr.Result}");
        return JsonSerializer.Deserialize<string[]>(stdout)!;
    }

    public static (AccountSettings, IReadOnlyList<Transaction>, BeancountPrice[]) Ledger(AccountSettings settings, IReadOnlyList<Transaction> log, params BeancountPrice[] prices) =>
        (settings, log, prices);

    // bean-check's own load (loader.load_file with its hard-core validations), once per file.
    private const string CheckScript = """
        import io, json, sys
        from beancount import loader
        from beancount.ops import validation
        from beancount.parser import printer
        complaints = []
        for path in sys.argv[1:]:
            entries, errors, options = loader.load_file(path, extra_validations=validation.HARDCORE_VALIDATIONS)
            text = io.StringIO()
            printer.print_errors(errors, file=text)
            complaints.append(text.getvalue())
        json.dump(complaints, sys.stdout)
        """;
}
