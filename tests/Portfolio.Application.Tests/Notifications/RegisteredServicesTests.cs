using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Portfolio.Application.Ports;
using Portfolio.Application.Notifications;
using Portfolio.Application.Operations;

namespace Portfolio.Application.Tests.Notifications;

/// <summary>What <see cref="DependencyInjection.AddPortfolioApplication"/> registers as the hosts rely on it.</summary>
public class RegisteredServicesTests
{
    [Fact]
    public async Task The_registered_webhook_client_reports_a_redirect_as_the_answer_and_does_not_follow_it()
    {
        await using var app = new Harness();
        using var receiver = new RedirectingReceiver();

        var outcome = await app.Get<WebhookClient>().PostAsync(new Webhook("alice", receiver.HookUrl, "secret", DateTimeOffset.UnixEpoch),
            new Notification("evt_1", "alice", "order.filled", DateTimeOffset.UnixEpoch, "m"), default);

        Assert.Equal("answered 302", outcome);
        Assert.Equal(["POST /hook"], receiver.Requests);
    }

    [Fact]
    public async Task The_application_registers_one_operations_status_for_the_hosts_health_check_and_price_cycle_to_share()
    {
        await using var app = new Harness();

        Assert.Same(app.Get<OperationsStatus>(), app.Get<OperationsStatus>());
    }

    [Fact]
    public async Task Without_a_store_that_numbers_its_commits_every_read_checks_its_rows()
    {
        // The Functions host's Cosmos adapter registers no change number: the application's default must say "none".
        await using var provider = new ServiceCollection().AddPortfolioApplication().BuildServiceProvider();

        Assert.Null(await provider.GetRequiredService<IStoreChanges>().VersionAsync(default));
    }

    /// <summary>
    /// A loopback HTTP/1.1 server answering POST /hook with 302 to /elsewhere and anything else with 200, one request
    /// per connection; it records each request line's method and path.
    /// </summary>
    private sealed class RedirectingReceiver : IDisposable
    {
        private readonly TcpListener listener = new(IPAddress.Loopback, 0);
        private readonly List<string> requests = [];
        private readonly Task serving;

        public RedirectingReceiver()
        {
            listener.Start();
            serving = Task.Run(ServeAsync);
        }

        public string HookUrl => $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/hook";
        public IReadOnlyList<string> Requests { get { lock (requests) return requests.ToList(); } }

        private async Task ServeAsync()
        {
            try
            {
                while (true)
                {
                    using var client = await listener.AcceptTcpClientAsync();
                    var stream = client.GetStream();
                    var head = await ReadHeadAsync(stream);
                    var line = head.Split("\r\n")[0].Split(' ');
                    lock (requests) requests.Add($"{line[0]} {line[1]}");
                    var answer = line[0] == "POST" && line[1] == "/hook"
                        ? $"HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/elsewhere\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        : "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(answer));
                }
            }
            // Stopped while serving, or before the next accept ("Not listening", seen once on a loaded machine).
            catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException or InvalidOperationException) { }
        }

        /// <summary>The request line and headers, then the body its Content-Length announces (read and dropped).</summary>
        private static async Task<string> ReadHeadAsync(NetworkStream stream)
        {
            var bytes = new List<byte>();
            var one = new byte[1];
            while (!(bytes.Count >= 4 && bytes[^4] == '\r' && bytes[^3] == '\n' && bytes[^2] == '\r' && bytes[^1] == '\n'))
            {
                if (await stream.ReadAsync(one) == 0) break;
                bytes.Add(one[0]);
            }
            var head = Encoding.ASCII.GetString(bytes.ToArray());
            var length = head.Split("\r\n").FirstOrDefault(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) is { } header
                ? int.Parse(header["Content-Length:".Length..].Trim()) : 0;
            var body = new byte[length];
            await stream.ReadExactlyAsync(body);
            return head;
        }

        public void Dispose()
        {
            listener.Stop();
            serving.Wait();
        }
    }
}
