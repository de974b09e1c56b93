using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Portfolio.Drivers;

/// <summary>
/// Import benchmark: one CSV file of N rows (deposits, buys and FIFO sells over 100 symbols and four years) booked in one
/// request against the Release server. Same-run baselines: the dry run of the same file (parse and decide, no write) and
/// the single-transaction route for a smaller number of rows. Reports rows/s and the server's peak resident memory
/// (VmHWM, reset before each phase). Checks: every row booked once, the log holds N entries, re-importing books nothing.
/// </summary>
public static class ImportDriver
{
    public static async Task<int> RunAsync(Options options)
    {
        var rows = options.Int("--rows", 100_000, 5_000);
        var singles = options.Int("--singles", 2_000, 200);
        await using var server = await ServerProcess.StartNewAsync("import");
        using var client = Api.Client(server.BaseAddress, server.Token("importer"), timeout: TimeSpan.FromMinutes(20));
        var file = Generate(rows, seed: 7);
        Console.WriteLine($"file: {rows:N0} rows, {Encoding.UTF8.GetByteCount(file) / 1024.0 / 1024.0:F1} MiB");
        var failures = 0;

        var dryAccount = await client.CreateAccountAsync("dry");
        var (dry, dryTime, dryPeak) = await PostAsync(client, server, dryAccount, file, dryRun: true);
        failures += Check(dry.Status == 200 && dry.Json!["booked"]!.GetValue<int>() == rows, $"dry run would book {rows:N0}: {dry}");
        Console.WriteLine($"dry run (parse + decide, nothing written): {dryTime.TotalSeconds:F2} s, {rows / dryTime.TotalSeconds:N0} rows/s, peak RSS {dryPeak:N0} MiB");

        var account = await client.CreateAccountAsync("real");
        var (real, realTime, realPeak) = await PostAsync(client, server, account, file, dryRun: false);
        failures += Check(real.Status == 200 && real.Json!["booked"]!.GetValue<int>() == rows, $"import booked {rows:N0}: {Short(real)}");
        Console.WriteLine($"import (one request, one append): {realTime.TotalSeconds:F2} s, {rows / realTime.TotalSeconds:N0} rows/s, peak RSS {realPeak:N0} MiB");

        var page = await client.GetReplyAsync($"/api/accounts/{account}/transactions?pageSize=1");
        failures += Check(page.Json?["total"]?.GetValue<int>() == rows, $"the log holds {rows:N0} entries: {page}");
        var (again, againTime, _) = await PostAsync(client, server, account, file, dryRun: false);
        failures += Check(again.Status == 200 && again.Json!["booked"]!.GetValue<int>() == 0 && again.Json["duplicates"]!.AsArray().Count == rows,
            $"re-import books nothing: {Short(again)}");
        Console.WriteLine($"re-import (every row a duplicate): {againTime.TotalSeconds:F2} s");

        // Baseline: the same kind of rows through POST …/transactions, one request each.
        var single = await client.CreateAccountAsync("single");
        var lines = Generate(singles, seed: 7).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        var watch = Stopwatch.StartNew();
        foreach (var line in lines)
        {
            var reply = await client.PostReplyAsync($"/api/accounts/{single}/transactions", Body(line));
            if (reply.Status != 201) { failures += Check(false, $"single write: {reply}"); break; }
        }
        watch.Stop();
        var singleRate = lines.Count / watch.Elapsed.TotalSeconds;
        Console.WriteLine($"baseline, POST …/transactions one at a time: {lines.Count:N0} rows in {watch.Elapsed.TotalSeconds:F2} s, {singleRate:N0} rows/s " +
                          $"(so {rows:N0} rows would take about {rows / singleRate:F0} s)");
        Console.WriteLine($"ratio: the import books {rows / realTime.TotalSeconds / singleRate:F1}x the rows per second of single writes");
        return failures == 0 ? 0 : 1;
    }

    private static async Task<(Reply Reply, TimeSpan Time, long PeakMiB)> PostAsync(HttpClient client, ServerProcess server, string account, string file, bool dryRun)
    {
        ResetPeak(server.ProcessId);
        using var content = new StringContent(file, Encoding.UTF8, new MediaTypeHeaderValue("text/csv"));
        var watch = Stopwatch.StartNew();
        using var response = await client.PostAsync($"/api/accounts/{account}/imports?format=csv&dryRun={(dryRun ? "true" : "false")}", content);
        var text = await response.Content.ReadAsStringAsync();
        watch.Stop();
        return (new Reply((int)response.StatusCode, text, response.Content.Headers.ContentType?.MediaType), watch.Elapsed, PeakMiB(server.ProcessId));
    }

    private static string Generate(int rows, int seed)
    {
        var random = new Random(seed);
        var symbols = Enumerable.Range(0, 100).Select(i => $"S{i:D3}").ToArray();
        var held = new Dictionary<string, int>();
        var prices = symbols.ToDictionary(s => s, _ => 100m);
        var text = new StringBuilder("date,type,symbol,quantity,price,fee,amount\r\n");
        var date = new DateOnly(2021, 1, 4);
        var perDay = Math.Max(1, rows / 1_200);
        for (var i = 0; i < rows; i++)
        {
            if (i > 0 && i % perDay == 0) date = date.AddDays(1);
            var symbol = symbols[random.Next(symbols.Length)];
            var price = prices[symbol] = Math.Max(1m, prices[symbol] + random.Next(-200, 201) / 100m);
            var have = held.GetValueOrDefault(symbol);
            var roll = random.Next(100);
            if (i % 50 == 0) text.Append(CultureInfo.InvariantCulture, $"{date:yyyy-MM-dd},deposit,,,,,{random.Next(1_000, 100_000)}\r\n");
            else if (roll < 40 && have > 0)
            {
                var quantity = random.Next(1, have + 1);
                held[symbol] = have - quantity;
                text.Append(CultureInfo.InvariantCulture, $"{date:yyyy-MM-dd},sell,{symbol},{quantity},{price},1,\r\n");
            }
            else
            {
                var quantity = random.Next(1, 50);
                held[symbol] = have + quantity;
                text.Append(CultureInfo.InvariantCulture, $"{date:yyyy-MM-dd},buy,{symbol},{quantity},{price},0,\r\n");
            }
        }
        return text.ToString();
    }

    private static object Body(string line)
    {
        var c = line.Split(',');
        return c[1] == "deposit"
            ? new { type = "deposit", tradeDate = c[0], amount = decimal.Parse(c[6], CultureInfo.InvariantCulture) }
            : new { type = c[1], tradeDate = c[0], symbol = c[2], quantity = decimal.Parse(c[3], CultureInfo.InvariantCulture),
                price = decimal.Parse(c[4], CultureInfo.InvariantCulture), fee = decimal.Parse(c[5], CultureInfo.InvariantCulture) } as object;
    }

    /// <summary>Writing 5 to clear_refs resets the peak resident set (VmHWM) of the process (Linux).</summary>
    private static void ResetPeak(int? pid)
    {
        if (pid is null) return;
        try { File.WriteAllText($"/proc/{pid}/clear_refs", "5"); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static long PeakMiB(int? pid)
    {
        if (pid is null || !File.Exists($"/proc/{pid}/status")) return -1;
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? -1 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    private static string Short(Reply reply) => reply.Body.Length > 400 ? $"{reply.Status} {reply.Body[..400]}…" : reply.ToString();

    private static int Check(bool ok, string what)
    {
        Console.WriteLine($"{(ok ? "ok  " : "FAIL")} {what[..Math.Min(what.Length, 300)]}");
        return ok ? 0 : 1;
    }
}
