using Portfolio.Drivers;

// dotnet Portfolio.Drivers.dll <driver> [--short] [--seconds N] [--seed N] ...
// Exit code: 0 when every check passed, 1 when a check failed, 2 for a usage error.
var drivers = new Dictionary<string, Func<Options, Task<int>>>(StringComparer.Ordinal)
{
    ["http-load"] = HttpLoad.RunAsync,
    ["concurrent-writers"] = ConcurrentWriters.RunAsync,
    ["crash-restart"] = CrashRestart.RunAsync,
    ["fuzz"] = Fuzz.RunAsync,
    ["fanout"] = Fanout.RunAsync,
    ["write-latency"] = WriteLatency.RunAsync,
    ["history"] = History.RunAsync,
    ["ratelimit"] = RateLimit.RunAsync,
    ["orders"] = Orders.RunAsync,
    ["import"] = ImportDriver.RunAsync,
};
// The bare-Kestrel baseline the http-load driver starts as a child process (not a driver of its own).
if (args is ["kestrel-baseline", _, _]) return await KestrelBaseline.ServeAsync(args[1..]);
if (args.Length == 0 || !drivers.TryGetValue(args[0], out var driver))
{
    Console.Error.WriteLine($"usage: Portfolio.Drivers <{string.Join("|", drivers.Keys)}> [--short] [options]");
    return 2;
}
try
{
    var options = Options.Parse(args[1..]);
    Console.WriteLine($"== {args[0]}{(options.Short ? " (short)" : "")} {string.Join(' ', args[1..])}");
    var code = await driver(options);
    Console.WriteLine(code == 0 ? $"== {args[0]}: PASS" : $"== {args[0]}: FAIL");
    return code;
}
catch (UsageException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
