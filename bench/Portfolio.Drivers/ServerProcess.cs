using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Portfolio.Api.Auth;

namespace Portfolio.Drivers;

/// <summary>
/// The single-machine server (Release build) as a child process on 127.0.0.1, a free port, a temporary data folder and a
/// random signing key. It can be killed (SIGKILL, whole process tree) and restarted on the same folder and port.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly string dll;
    private readonly string[] extraArgs;
    private readonly Lock logGate = new();
    private Process? process;
    private StreamWriter? log;

    private ServerProcess(string dll, string name, string[] extraArgs)
    {
        this.dll = dll;
        this.extraArgs = extraArgs;
        DataDirectory = Path.Combine(Path.GetTempPath(), $"portfolio-{name}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(DataDirectory);
        SigningKey = "drivers-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        Port = FreePort();
        LogPath = Path.Combine(DataDirectory, "server.log");
    }

    public string DataDirectory { get; }
    public string SigningKey { get; }
    public int Port { get; }
    public string LogPath { get; }
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");
    public int Starts { get; private set; }
    public bool Keep { get; set; }

    public static async Task<ServerProcess> StartNewAsync(string name, params string[] extraArgs)
    {
        var server = new ServerProcess(FindServerDll(), name, extraArgs);
        await server.StartAsync();
        Console.WriteLine($"server: {server.dll} on {server.BaseAddress}, data {server.DataDirectory}");
        return server;
    }

    public string Token(string user, bool admin = false) =>
        new TokenOptions { SigningKey = SigningKey }.Mint(user, admin, DateTimeOffset.UtcNow, TimeSpan.FromHours(6));

    /// <summary>Starts the process and waits (at most 60 s) until /health answers 200.</summary>
    public async Task<TimeSpan> StartAsync()
    {
        if (process is { HasExited: false }) throw new InvalidOperationException("already running");
        var started = Stopwatch.StartNew();
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in new[]
                 {
                     $"--Urls=http://127.0.0.1:{Port}", $"--Storage:DataDirectory={DataDirectory}", $"--Auth:SigningKey={SigningKey}",
                     "--Pricing:CycleEnabled=false", "--Logging:LogLevel:Default=Warning",
                 }.Concat(Unlimited).Concat(extraArgs))
            info.ArgumentList.Add(arg);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        log ??= new StreamWriter(LogPath, append: true) { AutoFlush = true };
        Write($"---- start #{Starts + 1} at {DateTimeOffset.UtcNow:O}");
        process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) Write(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Write("ERR " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Starts++;

        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        while (started.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited) throw new InvalidOperationException($"server exited with {process.ExitCode} at start:\n{Tail()}");
            try
            {
                using var response = await probe.GetAsync("/health");
                if (response.StatusCode == HttpStatusCode.OK) return started.Elapsed;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(25);
        }
        throw new TimeoutException($"server not healthy after 60 s:\n{Tail()}");
    }

    /// <summary>
    /// The drivers measure the server's own throughput and correctness, so each caller's rate limits are set far above
    /// what they send (the limiter still runs); a driver's own arguments come after and win (the rate-limit driver's do).
    /// </summary>
    private static readonly string[] Unlimited =
        new[] { "Reads", "Writes", "PricePushes" }.SelectMany(b => new[] { $"--RateLimits:{b}:TokenLimit=10000000", $"--RateLimits:{b}:TokensPerPeriod=10000000" }).ToArray();

    /// <summary>SIGKILL of the server and its children, like a power cut for the process (the OS keeps what was written to files).</summary>
    public async Task KillAsync()
    {
        if (process is null) return;
        try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(cts.Token);
        process.Dispose();
        process = null;
        Write($"---- killed at {DateTimeOffset.UtcNow:O}");
    }

    public bool HasExited => process is null || process.HasExited;

    /// <summary>The running server's process id (to read its memory from /proc), or null.</summary>
    public int? ProcessId => process is { HasExited: false } p ? p.Id : null;

    public string Tail(int lines = 40)
    {
        lock (logGate) log?.Flush();
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException e) { return e.Message; }
    }

    /// <summary>Lines of the server log matching a predicate (errors, exceptions) for the report.</summary>
    public IReadOnlyList<string> LogLines(Func<string, bool> match)
    {
        lock (logGate) log?.Flush();
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n').Where(match).ToList();
    }

    private void Write(string line)
    {
        lock (logGate) log?.WriteLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        lock (logGate) { log?.Dispose(); log = null; }
        if (Keep) { Console.WriteLine($"kept data folder {DataDirectory}"); return; }
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>PORTFOLIO_SERVER_DLL, else src/Portfolio.Server/bin/Release/net10.0/Portfolio.Server.dll of the repository this driver was built in.</summary>
    public static string FindServerDll()
    {
        if (Environment.GetEnvironmentVariable("PORTFOLIO_SERVER_DLL") is { Length: > 0 } configured) return configured;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "PortfolioFunctions.sln"))) continue;
            var dll = Path.Combine(dir.FullName, "src", "Portfolio.Server", "bin", "Release", "net10.0", "Portfolio.Server.dll");
            return File.Exists(dll) ? dll : throw new UsageException($"{dll} not found: build it first (bench/drivers.sh does)");
        }
        throw new UsageException("repository root (PortfolioFunctions.sln) not found above the driver; set PORTFOLIO_SERVER_DLL");
    }
}
