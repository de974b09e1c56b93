using System.Text.RegularExpressions;
using Portfolio.Api.Http;
using Portfolio.Domain.Accounts;

namespace Portfolio.Api.Contracts;

/// <summary>The wire names of enumerations, and the parsing of required fields with errors that name the field.</summary>
public static partial class Names
{
    public static readonly IReadOnlyDictionary<string, AccountType> AccountTypes = new Dictionary<string, AccountType>
    {
        ["taxable"] = AccountType.Taxable, ["ira"] = AccountType.Ira, ["roth"] = AccountType.Roth, ["401k"] = AccountType.Retirement401k,
    };

    public static readonly IReadOnlyDictionary<string, LotMethod> LotMethods = new Dictionary<string, LotMethod>
    {
        ["fifo"] = LotMethod.Fifo, ["lifo"] = LotMethod.Lifo, ["hifo"] = LotMethod.Hifo, ["average"] = LotMethod.AverageCost, ["specific"] = LotMethod.SpecificId,
    };

    public static string Of(AccountType type) => AccountTypes.First(kv => kv.Value == type).Key;
    public static string Of(LotMethod method) => LotMethods.First(kv => kv.Value == method).Key;

    public static T Parse<T>(IReadOnlyDictionary<string, T> names, string? value, string field)
    {
        if (value is null) throw new RequestException(field, "is required");
        return names.TryGetValue(value.Trim().ToLowerInvariant(), out var parsed)
            ? parsed
            : throw new RequestException(field, $"'{value}' is not one of {string.Join(", ", names.Keys)}");
    }

    public static T Required<T>(T? value, string field) where T : struct =>
        value ?? throw new RequestException(field, "is required");

    public static string ParseSymbol(string? value, string field = "symbol")
    {
        if (string.IsNullOrWhiteSpace(value)) throw new RequestException(field, "is required");
        var symbol = value.Trim().ToUpperInvariant();
        return SymbolPattern().IsMatch(symbol)
            ? symbol
            : throw new RequestException(field, "must be 1 to 20 letters, digits or . - : ^");
    }

    [GeneratedRegex(@"^[A-Z0-9.\-:^]{1,20}$")]
    private static partial Regex SymbolPattern();
}
