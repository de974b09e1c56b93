using System.Diagnostics;
using System.Globalization;

namespace Portfolio.Drivers;

public static class Stats
{
    public static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    /// <summary>Exact nearest-rank percentile of sorted values: the smallest value with at least p% of the values at or below it.</summary>
    public static long Percentile(long[] sorted, double p)
    {
        if (sorted.Length == 0) return 0;
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }

    public static string Latencies(long[] sorted) => string.Create(CultureInfo.InvariantCulture,
        $"p50 {Ms(Percentile(sorted, 50)):F2} ms, p90 {Ms(Percentile(sorted, 90)):F2} ms, p99 {Ms(Percentile(sorted, 99)):F2} ms, max {Ms(sorted.Length == 0 ? 0 : sorted[^1]):F2} ms");

    public static string F(double value, string format = "F1") => value.ToString(format, CultureInfo.InvariantCulture);
}

/// <summary>Collects failed checks; a driver exits 1 when there is any.</summary>
public sealed class Checks
{
    private readonly List<string> failures = [];
    private readonly Lock gate = new();
    public int Passed;

    public void Require(bool condition, string what)
    {
        if (condition) { Interlocked.Increment(ref Passed); return; }
        lock (gate) failures.Add(what);
    }

    public void Fail(string what) => Require(false, what);

    public int Report(string name)
    {
        lock (gate)
        {
            Console.WriteLine($"{name}: {Passed} checks passed, {failures.Count} failed");
            foreach (var f in failures.Take(40)) Console.WriteLine("  FAIL " + f);
            if (failures.Count > 40) Console.WriteLine($"  ... and {failures.Count - 40} more");
            return failures.Count == 0 ? 0 : 1;
        }
    }
}
