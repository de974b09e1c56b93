using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.DurableTask.Client;
using Moq;
using Portfolio.Api;
using Portfolio.Application;
using Portfolio.Application.Accounts;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;
using Portfolio.Application.Valuation;
using Portfolio.Functions.Http;

namespace Portfolio.Functions.Tests;

public class HttpFunctionTests
{
    public static TheoryData<string, Func<PortfolioApiFunctions, HttpRequest, Task<IActionResult>>> Functions => new()
    {
        { "CreateAccount", (f, r) => f.CreateAccount(r) },
        { "ListAccounts", (f, r) => f.ListAccounts(r) },
        { "GetAccount", (f, r) => f.GetAccount(r, "acc-1") },
        { "RecordTransaction", (f, r) => f.RecordTransaction(r, "acc-1") },
        { "ListTransactions", (f, r) => f.ListTransactions(r, "acc-1") },
        { "ImportTransactions", (f, r) => f.ImportTransactions(r, "acc-1") },
        { "ExportTransactions", (f, r) => f.ExportTransactions(r, "acc-1") },
        { "Form8949", (f, r) => f.Form8949(r, "acc-1") },
        { "ScheduleD", (f, r) => f.ScheduleD(r, "acc-1") },
        { "Positions", (f, r) => f.Positions(r, "acc-1") },
        { "TaxLots", (f, r) => f.TaxLots(r, "acc-1") },
        { "RealizedGains", (f, r) => f.RealizedGains(r, "acc-1") },
        { "Performance", (f, r) => f.Performance(r, "acc-1") },
        { "PutTargets", (f, r) => f.PutTargets(r, "acc-1") },
        { "Rebalance", (f, r) => f.Rebalance(r, "acc-1") },
        { "Alerts", (f, r) => f.Alerts(r, "acc-1") },
        { "GetPrice", (f, r) => f.GetPrice(r, "AAPL") },
        { "PushPrices", (f, r) => f.PushPrices(r, new Mock<DurableTaskClient>("test").Object) },
        { "ApplyCorporateAction", (f, r) => f.ApplyCorporateAction(r) },
    };

    [Theory]
    [MemberData(nameof(Functions))]
    public async Task Every_function_runs_its_shared_handler_which_refuses_an_anonymous_caller(string name, Func<PortfolioApiFunctions, HttpRequest, Task<IActionResult>> function)
    {
        var (http, functions) = NewContext(ApplicationWithMockStores());
        // A body that reads, so the refusal comes from the handler's caller check, not from the body reader.
        http.Request.Body = new MemoryStream("{}"u8.ToArray());

        var result = await ThroughProblemDetailsMiddleware(() => function(functions, http.Request));

        var adapter = Assert.IsType<ResultActionAdapter>(result);
        await adapter.ExecuteResultAsync(new ActionContext(http, new RouteData(), new ActionDescriptor()));
        Assert.True(http.Response.StatusCode == StatusCodes.Status401Unauthorized, $"{name} answered {http.Response.StatusCode}");
    }

    [Fact]
    public async Task The_route_parameter_and_the_caller_reach_the_handler()
    {
        var store = new Mock<IAccountStore>();
        store.Setup(s => s.GetAsync("user-1", "acc-404", It.IsAny<CancellationToken>())).ReturnsAsync((Account?)null);
        var (http, functions) = NewContext(ApplicationWithMockStores(store));
        http.User = new ClaimsPrincipal(new ClaimsIdentity(new[] { new Claim("sub", "user-1") }, "Bearer", "sub", "role"));

        var result = await ThroughProblemDetailsMiddleware(() => functions.GetAccount(http.Request, "acc-404"));
        await ((ResultActionAdapter)result).ExecuteResultAsync(new ActionContext(http, new RouteData(), new ActionDescriptor()));

        Assert.Equal(StatusCodes.Status404NotFound, http.Response.StatusCode);
        store.Verify(s => s.GetAsync("user-1", "acc-404", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_bug_is_not_mapped_to_a_refusal()
    {
        var bug = new InvalidOperationException("a bug");

        Assert.Null(ProblemDetailsMiddleware.ProblemFor(bug));
        var wrapped = ProblemDetailsMiddleware.ProblemFor(new AggregateException(new Application.Common.ForbiddenException("admins only")));
        var (http, _) = NewContext(new ServiceCollection());
        await Assert.IsType<ResultActionAdapter>(wrapped).ExecuteResultAsync(new ActionContext(http, new RouteData(), new ActionDescriptor()));
        Assert.Equal(StatusCodes.Status403Forbidden, http.Response.StatusCode);
    }

    [Fact]
    public async Task The_adapter_executes_the_wrapped_result()
    {
        var (http, _) = NewContext(new ServiceCollection());
        var adapter = new ResultActionAdapter(Results.StatusCode(StatusCodes.Status418ImATeapot));

        await adapter.ExecuteResultAsync(new ActionContext(http, new RouteData(), new ActionDescriptor()));

        Assert.Equal(StatusCodes.Status418ImATeapot, http.Response.StatusCode);
    }

    /// <summary>What <see cref="ProblemDetailsMiddleware"/> does around a function: a refusal it throws becomes the invocation's result.</summary>
    private static async Task<IActionResult> ThroughProblemDetailsMiddleware(Func<Task<IActionResult>> function)
    {
        try
        {
            return await function();
        }
        catch (Exception e) when (ProblemDetailsMiddleware.ProblemFor(e) is { } problem)
        {
            return problem;
        }
    }

    /// <summary>The use cases over mock stores.</summary>
    internal static IServiceCollection ApplicationWithMockStores(Mock<IAccountStore>? accounts = null) => new ServiceCollection()
        .AddSingleton(TimeProvider.System)
        .AddSingleton(new PricePolicy(_ => false, (_, _) => false))
        .AddPortfolioApplication()
        .AddSingleton((accounts ?? new Mock<IAccountStore>()).Object)
        .AddSingleton(new Mock<ILedgerStore>().Object)
        .AddSingleton(new Mock<IPriceStore>().Object)
        .AddSingleton(new Mock<ISnapshotStore>().Object)
        .AddSingleton(new Mock<IDailySeriesStore>().Object)
        .AddSingleton(new Mock<IAlertStore>().Object)
        .AddSingleton(new Mock<IOrderStore>().Object)
        .AddSingleton(new Mock<INotificationStore>().Object)
        .AddSingleton(new Mock<IWatchlistStore>().Object)
        .AddSingleton(new Mock<IPriceAlertStore>().Object)
        .AddSingleton(new Mock<IRevaluationScheduler>().Object)
        .AddSingleton(new QuoteValidator())
        .AddSingleton<PriceIngestion>();

    private static (DefaultHttpContext Http, PortfolioApiFunctions Functions) NewContext(IServiceCollection services)
    {
        services.AddLogging();
        services.AddPortfolioApi();
        var provider = services.BuildServiceProvider();
        var functions = provider.GetService<AccountService>() is null ? null! : ActivatorUtilities.CreateInstance<PortfolioApiFunctions>(provider);
        return (new DefaultHttpContext { RequestServices = provider }, functions);
    }
}
