using Portfolio.Application.Exports;
using Portfolio.Application.Tests.Exports;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests.ExportRules;

/// <summary>The export of a log as one text, and what Debian's bean-check says of it (nothing when it accepts it).</summary>
internal static class BeancountCheck
{
    public static string Text(AccountSettings settings, IReadOnlyList<Transaction> log, params BeancountPrice[] prices) =>
        string.Concat(BeancountFormat.Write("Brokerage", settings, log, prices));

    public static string Complaints(AccountSettings settings, IReadOnlyList<Transaction> log, params BeancountPrice[] prices)
    {
        var (path, _) = Beancount.Export("Brokerage", settings, log, prices);
        return Beancount.CheckAndQuery(path).Errors;
    }
}
