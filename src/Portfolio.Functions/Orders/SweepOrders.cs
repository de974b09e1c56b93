using Microsoft.Azure.Functions.Worker;
using Portfolio.Application.Orders;

namespace Portfolio.Functions.Orders;

/// <summary>
/// Every minute: finishes order fills a crash interrupted and expires day orders past their close. Quotes fill orders in
/// the price-update path (<c>ApplyPriceUpdates</c> stores them through <c>PriceIngestion</c>, which hands them to the
/// order executor), not here.
/// </summary>
public sealed class SweepOrders(OrderExecutor executor)
{
    [Function(nameof(SweepOrders))]
    public Task Run([TimerTrigger("30 * * * * *")] TimerInfo timer, CancellationToken ct) => executor.SweepAsync(ct);
}
