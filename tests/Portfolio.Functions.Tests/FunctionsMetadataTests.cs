#if FUNCTIONS_METADATA
using System.Reflection;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;

namespace Portfolio.Functions.Tests;

/// <summary>
/// Compiled only where the Functions SDK's build step runs (Directory.Build.targets): the functions.metadata it generates
/// lists every [Function] method of the app, with the trigger its parameters declare.
/// </summary>
public class FunctionsMetadataTests
{
    private static readonly Dictionary<Type, string> TriggerTypes = new()
    {
        [typeof(HttpTriggerAttribute)] = "httpTrigger",
        [typeof(TimerTriggerAttribute)] = "timerTrigger",
        [typeof(ServiceBusTriggerAttribute)] = "serviceBusTrigger",
        [typeof(OrchestrationTriggerAttribute)] = "orchestrationTrigger",
        [typeof(ActivityTriggerAttribute)] = "activityTrigger",
    };

    [Fact]
    public void Functions_metadata_lists_every_function_with_its_trigger()
    {
        var declared = typeof(FunctionsServices).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance))
            .Select(m => (Method: m, Function: m.GetCustomAttribute<FunctionAttribute>()))
            .Where(x => x.Function is not null)
            .ToDictionary(x => x.Function!.Name, x => TriggerTypes[x.Method.GetParameters()
                .SelectMany(p => p.GetCustomAttributes()).Select(a => a.GetType()).Single(TriggerTypes.ContainsKey)]);

        using var metadata = JsonDocument.Parse(File.ReadAllText(MetadataPath()));
        var generated = metadata.RootElement.EnumerateArray().ToDictionary(
            f => f.GetProperty("name").GetString()!,
            f => f.GetProperty("bindings").EnumerateArray()
                .Select(b => b.GetProperty("type").GetString()!)
                .Single(type => type.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase)));

        Assert.NotEmpty(declared);
        Assert.Equal(declared.OrderBy(kv => kv.Key), generated.OrderBy(kv => kv.Key), new TriggerComparer());
    }

    private static string MetadataPath()
    {
        var local = Path.Combine(AppContext.BaseDirectory, "functions.metadata");
        if (File.Exists(local)) return local;
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "src", "Portfolio.Functions"))) dir = dir.Parent;
        return Directory.EnumerateFiles(Path.Combine(dir!.FullName, "src", "Portfolio.Functions", "bin"), "functions.metadata", SearchOption.AllDirectories)
            .OrderByDescending(File.GetLastWriteTimeUtc).First();
    }

    private sealed class TriggerComparer : IEqualityComparer<KeyValuePair<string, string>>
    {
        public bool Equals(KeyValuePair<string, string> x, KeyValuePair<string, string> y) =>
            x.Key == y.Key && string.Equals(x.Value, y.Value, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode(KeyValuePair<string, string> obj) => StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Value) ^ obj.Key.GetHashCode(StringComparison.Ordinal);
    }
}
#endif
