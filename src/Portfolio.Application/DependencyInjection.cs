using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portfolio.Application.Accounts;
using Portfolio.Application.Alerts;
using Portfolio.Application.CorporateActions;
using Portfolio.Application.Holdings;
using Portfolio.Application.Ledger;
using Portfolio.Application.Performance;
using Portfolio.Application.PricesQuery;
using Portfolio.Application.Revaluation;
using Portfolio.Application.Ports;
using Portfolio.Application.Targets;
using Portfolio.Application.Transactions;
using Portfolio.Application.Valuation;

namespace Portfolio.Application;

public static class DependencyInjection
{
    /// <summary>The use cases. Hosts add the storage adapters, a <see cref="TimeProvider"/> and a <see cref="PricePolicy"/>.</summary>
    public static IServiceCollection AddPortfolioApplication(this IServiceCollection services)
    {
        services.TryAddSingleton(new LedgerCheckpointOptions());
        services.AddSingleton<LedgerCheckpoints>();
        services.AddSingleton<LedgerStates>();
        services.AddSingleton<LedgerReader>();
        services.TryAddSingleton<IStoreChanges, UntrackedStoreChanges>();
        services.AddSingleton<LatestPrices>();
        services.AddSingleton<AccountSnapshotReader>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<TransactionService>();
        services.AddSingleton<Orders.OrderExecutor>();
        services.AddSingleton<PriceAlerts.PriceAlertEvaluator>();
        services.AddSingleton<Prices.IQuoteObserver>(sp => new Prices.QuoteObservers(
            [sp.GetRequiredService<Orders.OrderExecutor>(), sp.GetRequiredService<PriceAlerts.PriceAlertEvaluator>()]));
        services.AddSingleton<PriceAlerts.PriceAlertService>();
        services.AddSingleton<Watchlists.WatchlistService>();
        services.AddSingleton<Watchlists.UserSymbols>();
        services.AddSingleton<Orders.OrderService>();
        services.TryAddSingleton(new Notifications.NotificationOptions());
        services.AddSingleton<Notifications.NotificationService>();
        services.AddSingleton<Notifications.NotificationRelay>();
        // No redirects: a webhook answers for the URL its owner registered, not for wherever it points next.
        services.TryAddSingleton(sp => new Notifications.WebhookClient(
            new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) }),
            sp.GetRequiredService<Notifications.NotificationOptions>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<HoldingsService>();
        services.AddSingleton<AccountSeries>();
        services.AddSingleton<PerformanceService>();
        services.AddSingleton<TargetService>();
        services.AddSingleton<AlertService>();
        services.AddSingleton<RevaluationLedgers>();
        services.AddSingleton<RevaluationService>();
        services.AddSingleton<Operations.OperationsStatus>();
        services.AddSingleton<CorporateActionService>();
        services.AddSingleton<Imports.IImportFormat, Imports.ProductCsvFormat>();
        services.AddSingleton<Imports.IImportFormat, Imports.SchwabFormat>();
        services.AddSingleton<Imports.IImportFormat, Imports.FidelityFormat>();
        services.AddSingleton<Imports.IImportFormat, Imports.IbkrFlexFormat>();
        services.AddSingleton<Imports.IImportFormat, Imports.PortfolioPerformanceFormat>();
        services.AddSingleton<Imports.IImportFormat, Imports.GhostfolioFormat>();
        services.AddSingleton<Imports.ImportService>();
        services.AddSingleton<Exports.ExportService>();
        services.AddSingleton<Tax.TaxReportService>();
        // Defaults; a host binds and validates its configuration with AddPriceRetention (or registers its own instance).
        services.TryAddSingleton(new Prices.PriceRetentionOptions());
        services.AddSingleton<Prices.PriceHistoryPruner>();
        services.AddSingleton<PriceQueryService>();
        services.AddSingleton<PricesPush.PricePushService>();
        return services;
    }
}
