using System.Globalization;

namespace Portfolio.Drivers;

public sealed class UsageException(string message) : Exception(message);

/// <summary>--name value pairs and --flags; every numeric option has a full-size and a --short default.</summary>
public sealed class Options
{
    private readonly Dictionary<string, string?> values = new(StringComparer.Ordinal);
    private readonly HashSet<string> used = new(StringComparer.Ordinal);

    public bool Short => values.ContainsKey("--short");

    public static Options Parse(string[] args)
    {
        var options = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new UsageException($"unexpected argument '{args[i]}'");
            var name = args[i];
            options.values[name] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null;
        }
        return options;
    }

    public int Int(string name, int full, int shortValue)
    {
        used.Add(name);
        if (!values.TryGetValue(name, out var text)) return Short ? shortValue : full;
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new UsageException($"{name} needs a whole number");
    }

    public bool Flag(string name) => values.ContainsKey(name);

    public string? Text(string name)
    {
        used.Add(name);
        return values.GetValueOrDefault(name);
    }
}
