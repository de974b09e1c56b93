using Microsoft.Extensions.Hosting;
using Portfolio.Storage.Cosmos;

namespace Portfolio.Functions;

/// <summary>Creates the database and containers on a local emulator at startup (registered only with key auth).</summary>
internal sealed class LocalCosmosSetup(CosmosContainers containers) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => containers.EnsureCreatedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
