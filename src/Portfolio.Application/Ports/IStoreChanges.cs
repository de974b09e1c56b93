namespace Portfolio.Application.Ports;

/// <summary>
/// A number that differs from the one read before whenever anything was committed to the store in between, by this
/// process or another. A read that finds it unchanged knows that every row it cached at that number is still what the
/// store holds, without reading them. Null when the store cannot tell: every read then checks its rows.
/// </summary>
public interface IStoreChanges
{
    ValueTask<long?> VersionAsync(CancellationToken ct);
}

/// <summary>For a store that offers no such number (Cosmos DB): never a witness, so readers always check their rows.</summary>
public sealed class UntrackedStoreChanges : IStoreChanges
{
    public ValueTask<long?> VersionAsync(CancellationToken ct) => ValueTask.FromResult<long?>(null);
}
