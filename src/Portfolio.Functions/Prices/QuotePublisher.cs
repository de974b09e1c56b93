using Azure.Messaging.ServiceBus;

namespace Portfolio.Functions.Prices;

/// <summary>Sends messages to the <c>price-updates</c> queue.</summary>
public interface IQuotePublisher
{
    /// <summary>Sends all messages, in as few size-limited batches as possible; returns the number of batches sent.</summary>
    Task<int> PublishAsync(IReadOnlyList<ServiceBusMessage> messages, CancellationToken ct);
}

public sealed class ServiceBusQuotePublisher(ServiceBusSender sender) : IQuotePublisher
{
    public async Task<int> PublishAsync(IReadOnlyList<ServiceBusMessage> messages, CancellationToken ct)
    {
        var sent = 0;
        var next = 0;
        while (next < messages.Count)
        {
            using var batch = await sender.CreateMessageBatchAsync(ct);
            while (next < messages.Count && batch.TryAddMessage(messages[next])) next++;
            if (batch.Count == 0)
                throw new InvalidOperationException($"Message {messages[next].MessageId} is larger than a batch allows.");
            await sender.SendMessagesAsync(batch, ct);
            sent++;
        }
        return sent;
    }
}
