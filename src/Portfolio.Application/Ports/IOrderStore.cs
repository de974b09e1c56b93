using Portfolio.Application.Orders;

namespace Portfolio.Application.Ports;

/// <summary>Orders, partitioned by account. Every change is a conditional replace on <see cref="Order.ConcurrencyToken"/>.</summary>
public interface IOrderStore
{
    /// <summary>Creates the order; false (and nothing written) when its id exists in the account.</summary>
    Task<bool> TryCreateAsync(Order order, CancellationToken ct);

    /// <summary>A point read.</summary>
    Task<Order?> GetAsync(string accountId, string orderId, CancellationToken ct);

    /// <summary>The account's orders, oldest first; only those of <paramref name="status"/> when given.</summary>
    Task<IReadOnlyList<Order>> ListByAccountAsync(string accountId, OrderStatus? status, CancellationToken ct);

    /// <summary>Pending orders of every account (of these symbols when given), oldest first, for background work only.</summary>
    Task<IReadOnlyList<Order>> ListPendingAsync(IReadOnlyCollection<string>? symbols, CancellationToken ct);

    /// <summary>Orders of every account still holding outbox events, for the dispatcher.</summary>
    Task<IReadOnlyList<Order>> ListWithOutboxAsync(int max, CancellationToken ct);

    /// <summary>Replaces the order if it still carries <see cref="Order.ConcurrencyToken"/>; false when someone changed it first.</summary>
    Task<bool> TryReplaceAsync(Order order, CancellationToken ct);
}
