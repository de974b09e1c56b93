using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Portfolio.Drivers;

/// <summary>
/// The ceiling a route is compared with: a bare Kestrel app in its own process that answers every GET with the same
/// bytes from memory (no routing table, auth, storage or serialization), started by the driver in the same run so that
/// the machine's load is the same for both.
/// </summary>
public sealed class KestrelBaseline : IAsyncDisposable
{
    private readonly Process process;
    private readonly string bodyFile;

    private KestrelBaseline(Process process, string bodyFile, Uri baseAddress)
    {
        this.process = process;
        this.bodyFile = bodyFile;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>`Portfolio.Drivers kestrel-baseline PORT FILE`: serves FILE's bytes as JSON on 127.0.0.1:PORT until killed.</summary>
    public static async Task<int> ServeAsync(string[] args)
    {
        var body = await File.ReadAllBytesAsync(args[1]);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{args[0]}");
        var app = builder.Build();
        app.Run(http =>
        {
            http.Response.ContentType = "application/json; charset=utf-8";
            http.Response.ContentLength = body.Length;
            return http.Response.Body.WriteAsync(body, http.RequestAborted).AsTask();
        });
        await app.RunAsync();
        return 0;
    }

    public static async Task<KestrelBaseline> StartAsync(byte[] body)
    {
        var bodyFile = Path.Combine(Path.GetTempPath(), $"kestrel-baseline-{Guid.NewGuid():N}.json");
        await File.WriteAllBytesAsync(bodyFile, body);
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { typeof(KestrelBaseline).Assembly.Location, "kestrel-baseline", port.ToString(System.Globalization.CultureInfo.InvariantCulture), bodyFile })
            info.ArgumentList.Add(arg);
        info.Environment["DOTNET_gcServer"] = "1"; // as the Web SDK sets for the server
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the Kestrel baseline");
        var baseline = new KestrelBaseline(process, bodyFile, new Uri($"http://127.0.0.1:{port}"));
        using var probe = new HttpClient { BaseAddress = baseline.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var started = Stopwatch.StartNew();
        while (started.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited) throw new InvalidOperationException($"the Kestrel baseline exited with {process.ExitCode}: {await process.StandardError.ReadToEndAsync()}");
            try
            {
                using var response = await probe.GetAsync("/");
                if (response.StatusCode == HttpStatusCode.OK) return baseline;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(25);
        }
        await baseline.DisposeAsync();
        throw new TimeoutException("the Kestrel baseline did not answer within 60 s");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        await process.WaitForExitAsync();
        process.Dispose();
        File.Delete(bodyFile);
    }
}
