// Stand-ins for packages missing from the local mirror, shaped after the verified public sources. Type-checking only.
#pragma warning disable CS1591
using Azure.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Microsoft.Azure.Functions.Worker
{
    [AttributeUsage(AttributeTargets.Method)] public sealed class FunctionAttribute(string name) : Attribute { public string Name => name; }
    public enum AuthorizationLevel { Anonymous, User, Function, System, Admin }
    [AttributeUsage(AttributeTargets.Parameter)] public sealed class HttpTriggerAttribute(AuthorizationLevel authLevel, params string[] methods) : Attribute { public string? Route { get; set; } public AuthorizationLevel A => authLevel; public string[] M => methods; }
    [AttributeUsage(AttributeTargets.Parameter)] public sealed class TimerTriggerAttribute(string schedule) : Attribute { public string S => schedule; }
    public class ScheduleStatus { public DateTime Last { get; set; } public DateTime Next { get; set; } public DateTime LastUpdated { get; set; } }
    public class TimerInfo { public ScheduleStatus? ScheduleStatus { get; set; } public bool IsPastDue { get; set; } }
    [AttributeUsage(AttributeTargets.Parameter)] public sealed class ServiceBusTriggerAttribute(string queueName) : Attribute { public string Q => queueName; public string? Connection { get; set; } public bool IsBatched { get; set; } }
    [AttributeUsage(AttributeTargets.Parameter)] public sealed class OrchestrationTriggerAttribute : Attribute { }
    [AttributeUsage(AttributeTargets.Parameter)] public sealed class ActivityTriggerAttribute : Attribute { }
    [AttributeUsage(AttributeTargets.Parameter)] public sealed class DurableClientAttribute : Attribute { }
    public abstract class FunctionContext { public abstract IDictionary<object, object> Items { get; set; } }
    public delegate Task FunctionExecutionDelegate(FunctionContext context);
    public static class FunctionContextExtensions
    {
        public static HttpContext? GetHttpContext(this FunctionContext context) => context.Items.TryGetValue("HttpRequestContext", out var c) ? c as HttpContext : null;
    }
    public class ServiceBusMessageActions
    {
        protected ServiceBusMessageActions() { }
        public virtual Task CompleteMessageAsync(global::Azure.Messaging.ServiceBus.ServiceBusReceivedMessage message, CancellationToken cancellationToken = default) => Task.CompletedTask;
        public virtual Task AbandonMessageAsync(global::Azure.Messaging.ServiceBus.ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify = default, CancellationToken cancellationToken = default) => Task.CompletedTask;
        public virtual Task DeadLetterMessageAsync(global::Azure.Messaging.ServiceBus.ServiceBusReceivedMessage message, Dictionary<string, object>? propertiesToModify = default, string? deadLetterReason = default, string? deadLetterErrorDescription = default, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}

namespace Microsoft.Azure.Functions.Worker.Middleware
{
    public interface IFunctionsWorkerMiddleware { Task Invoke(FunctionContext context, FunctionExecutionDelegate next); }
}

namespace Microsoft.Azure.Functions.Worker.Builder
{
    public static class FunctionsApplication { public static FunctionsApplicationBuilder CreateBuilder(string[] args) => new(args); }
    public sealed class FunctionsApplicationBuilder(string[] args)
    {
        private readonly HostApplicationBuilder _b = Host.CreateApplicationBuilder(args);
        public IServiceCollection Services => _b.Services;
        public IConfigurationManager Configuration => _b.Configuration;
        public FunctionsApplicationBuilder ConfigureFunctionsWebApplication() => this;
        public IHost Build() => _b.Build();
    }
    public static class MiddlewareExtensions
    {
        public static FunctionsApplicationBuilder UseMiddleware<T>(this FunctionsApplicationBuilder b) where T : class, Microsoft.Azure.Functions.Worker.Middleware.IFunctionsWorkerMiddleware => b;
    }
}

namespace Microsoft.DurableTask
{
    public readonly struct TaskName(string name)
    {
        public string Name { get; } = name;
        public static implicit operator TaskName(string? value) => new(value ?? "");
        public override string ToString() => Name;
    }
    public class RetryPolicy(int maxNumberOfAttempts, TimeSpan firstRetryInterval, double backoffCoefficient = 1.0, TimeSpan? maxRetryInterval = null, TimeSpan? retryTimeout = null)
    {
        public int MaxNumberOfAttempts { get; } = maxNumberOfAttempts;
        public TimeSpan FirstRetryInterval { get; } = firstRetryInterval;
        public double BackoffCoefficient { get; } = backoffCoefficient;
        public TimeSpan? MaxRetryInterval { get; } = maxRetryInterval;
        public TimeSpan? RetryTimeout { get; } = retryTimeout;
    }
    public sealed class TaskRetryOptions(RetryPolicy policy)
    {
        public RetryPolicy? Policy { get; } = policy;
        public static implicit operator TaskRetryOptions(RetryPolicy policy) => new(policy);
    }
    public record TaskOptions
    {
        public TaskOptions(TaskRetryOptions? retry = null) { Retry = retry; }
        public TaskRetryOptions? Retry { get; init; }
        public static TaskOptions FromRetryPolicy(RetryPolicy policy) => new(policy);
    }
    public sealed class TaskFailedException(string taskName, int taskId, Exception innerException) : Exception(taskName + taskId, innerException);
    public abstract class TaskOrchestrationContext
    {
        public abstract TaskName Name { get; }
        public abstract string InstanceId { get; }
        public abstract DateTime CurrentUtcDateTime { get; }
        public abstract bool IsReplaying { get; }
        protected abstract ILoggerFactory LoggerFactory { get; }
        public abstract T? GetInput<T>();
        public virtual Task CallActivityAsync(TaskName name, object? input = null, TaskOptions? options = null) => CallActivityAsync<object>(name, input, options);
        public virtual Task<TResult> CallActivityAsync<TResult>(TaskName name, TaskOptions options) => CallActivityAsync<TResult>(name, null, options);
        public abstract Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null);
        public abstract Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null);
        public virtual Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, TaskOptions options) => CallSubOrchestratorAsync<TResult>(orchestratorName, null, options);
        public ILogger CreateReplaySafeLogger(string categoryName) => new Safe(this, LoggerFactory.CreateLogger(categoryName));
        private sealed class Safe(TaskOrchestrationContext c, ILogger l) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => l.BeginScope(state);
            public bool IsEnabled(LogLevel logLevel) => l.IsEnabled(logLevel);
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            { if (!c.IsReplaying) l.Log(logLevel, eventId, state, exception, formatter); }
        }
    }
}

namespace Microsoft.DurableTask.Client
{
    public enum OrchestrationRuntimeStatus { Running, Completed, ContinuedAsNew, Failed, Canceled, Terminated, Pending, Suspended }
    public sealed class OrchestrationMetadata(string name, string instanceId)
    {
        public string Name { get; } = name;
        public string InstanceId { get; } = instanceId;
        public OrchestrationRuntimeStatus RuntimeStatus { get; init; }
    }
    public record StartOrchestrationOptions(string? InstanceId = null, DateTimeOffset? StartAt = null);
    public abstract class DurableTaskClient(string name) : IAsyncDisposable
    {
        public string Name { get; } = name;
        public virtual Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, CancellationToken cancellation) => ScheduleNewOrchestrationInstanceAsync(orchestratorName, null, null, cancellation);
        public virtual Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input, CancellationToken cancellation) => ScheduleNewOrchestrationInstanceAsync(orchestratorName, input, null, cancellation);
        public virtual Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, StartOrchestrationOptions options, CancellationToken cancellation = default) => ScheduleNewOrchestrationInstanceAsync(orchestratorName, null, options, cancellation);
        public abstract Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default);
        public virtual Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, CancellationToken cancellation) => GetInstanceAsync(instanceId, false, cancellation);
        public virtual Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation);
        public abstract Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default);
        public abstract ValueTask DisposeAsync();
    }
}

namespace Azure.Identity
{
    public class DefaultAzureCredentialOptions { public string? ManagedIdentityClientId { get; set; } }
    public class DefaultAzureCredential(DefaultAzureCredentialOptions? options = null) : TokenCredential
    {
        public DefaultAzureCredentialOptions? Options => options;
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => default;
        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => default;
    }
}

namespace Azure.Messaging.ServiceBus
{
    public class ServiceBusMessage(BinaryData body)
    {
        public BinaryData Body { get; set; } = body;
        public string? MessageId { get; set; }
        public string? ContentType { get; set; }
        public string? Subject { get; set; }
    }
    public class ServiceBusReceivedMessage
    {
        internal ServiceBusReceivedMessage(BinaryData body, string messageId) { Body = body; MessageId = messageId; }
        public BinaryData Body { get; }
        public string MessageId { get; }
    }
    public class CreateMessageBatchOptions { public long? MaxSizeInBytes { get; set; } }
    public sealed class ServiceBusMessageBatch : IDisposable
    {
        private readonly IList<ServiceBusMessage> _store; private readonly Func<ServiceBusMessage, bool> _try;
        internal ServiceBusMessageBatch(IList<ServiceBusMessage> store, Func<ServiceBusMessage, bool> tryAdd) { _store = store; _try = tryAdd; }
        public int Count => _store.Count;
        public bool TryAddMessage(ServiceBusMessage message) { if (!_try(message)) return false; _store.Add(message); return true; }
        public void Dispose() { }
    }
    public class ServiceBusSender
    {
        protected ServiceBusSender() { }
        public virtual ValueTask<ServiceBusMessageBatch> CreateMessageBatchAsync(CancellationToken cancellationToken = default) => CreateMessageBatchAsync(null!, cancellationToken);
        public virtual ValueTask<ServiceBusMessageBatch> CreateMessageBatchAsync(CreateMessageBatchOptions options, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public virtual Task SendMessagesAsync(ServiceBusMessageBatch messageBatch, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
    public class ServiceBusClient
    {
        public ServiceBusClient(string connectionString) { }
        public ServiceBusClient(string fullyQualifiedNamespace, TokenCredential credential) { }
        public virtual ServiceBusSender CreateSender(string queueOrTopicName) => new StubSender();
        private sealed class StubSender : ServiceBusSender { }
    }
    public static class ServiceBusModelFactory
    {
        public static ServiceBusReceivedMessage ServiceBusReceivedMessage(BinaryData body = default!, string messageId = default!, string partitionKey = default!,
            string contentType = default!, Guid lockTokenGuid = default, int deliveryCount = default) => new(body, messageId);
        public static ServiceBusMessageBatch ServiceBusMessageBatch(long batchSizeBytes, IList<ServiceBusMessage> batchMessageStore,
            CreateMessageBatchOptions batchOptions = default!, Func<ServiceBusMessage, bool> tryAddCallback = default!) => new(batchMessageStore, tryAddCallback ?? (_ => true));
    }
}
