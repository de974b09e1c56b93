// Service Bus namespace (Standard: duplicate detection and topics are not in Basic) with SAS disabled, and
// the price-updates queue that carries fetched quotes from the timer-driven fetcher to the price writer.

param location string
param tags object
@minLength(6)
@maxLength(50)
param name string
param queueName string
@description('Resource id of the app identity (used only to name the role assignments).')
param identityId string
param identityPrincipalId string

// Built-in roles: the app both sends (price fetcher) and receives (price writer trigger).
var serviceBusRoles = [
  {
    name: 'Azure Service Bus Data Sender'
    id: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39')
  }
  {
    name: 'Azure Service Bus Data Receiver'
    id: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0')
  }
]

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

resource priceUpdates 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' = {
  parent: namespace
  name: queueName
  properties: {
    // With a deterministic MessageId from the sender (e.g. symbol + quote time) a fetch retried within the
    // hour is dropped by the broker. requiresDuplicateDetection can only be set when the queue is created.
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: 'PT1H'
    // A quote older than a day is no longer a price update; let it expire into the dead-letter queue
    // (where it can be inspected) instead of being applied late.
    defaultMessageTimeToLive: 'P1D'
    deadLetteringOnMessageExpiration: true
    maxDeliveryCount: 5
    // A batched trigger gets no automatic lock renewal, so the lock must outlast the slowest batch: 100 quotes
    // validated and stored take seconds; 5 minutes (the maximum) leaves room for Cosmos throttling retries (30 s).
    lockDuration: 'PT5M'
    enableBatchedOperations: true
  }
}

// Webhook deliveries: one message per attempt ({event id}:{attempt}), so a relay run repeated within the hour is dropped.
// Namespace-scoped sender/receiver roles above cover it; it needs no scaling role (deliveries are few and short).
resource notifications 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' = {
  parent: namespace
  name: 'notifications'
  properties: {
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: 'PT1H'
    defaultMessageTimeToLive: 'P1D'
    deadLetteringOnMessageExpiration: true
    maxDeliveryCount: 5
    lockDuration: 'PT1M'
  }
}

resource serviceBusRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in serviceBusRoles: {
    name: guid(namespace.id, identityId, role.id)
    scope: namespace
    properties: {
      roleDefinitionId: role.id
      principalId: identityPrincipalId
      principalType: 'ServicePrincipal'
      description: '${role.name} for the Portfolio Functions app identity'
    }
  }
]

// Target-based scaling reads the queue's length, which needs the Manage right. Granted on this queue only (not the
// namespace): the scale controller then scales the price writer on the backlog, including from zero instances.
var serviceBusDataOwner = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '090c5cfd-751d-490a-894a-3ce6f1109419')

resource queueOwnerForScaling 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(priceUpdates.id, identityId, serviceBusDataOwner)
  scope: priceUpdates
  properties: {
    roleDefinitionId: serviceBusDataOwner
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Azure Service Bus Data Owner on price-updates (Manage, for target-based scaling) for the Portfolio Functions app identity'
  }
}

output name string = namespace.name
output id string = namespace.id
// serviceBusEndpoint is https://<name>.servicebus.windows.net:443/ ; the SDK and the trigger want the bare host.
output fullyQualifiedNamespace string = split(replace(namespace.properties.serviceBusEndpoint, 'https://', ''), ':')[0]
output queueName string = priceUpdates.name
output notificationsQueueName string = notifications.name
