// Durable Task Scheduler (Consumption SKU) and its task hub: the Durable Functions backend recommended on Flex
// Consumption, an alternative to the Azure Storage provider in the host storage account (main.bicep: durableBackend).
// Identity-based only: the app identity gets Durable Task Data Contributor on the scheduler.

param location string
param tags object
@minLength(3)
@maxLength(64)
param name string
param taskHubName string
@description('Resource id of the app identity (used only to name the role assignment).')
param identityId string
param identityPrincipalId string

var durableTaskDataContributor = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '0ad04412-c4d5-4796-b79c-f76d14c8d402')

resource scheduler 'Microsoft.DurableTask/schedulers@2025-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'Consumption'
    }
    // Required; an empty list denies all traffic. Access is still only with an Entra token and the role below.
    ipAllowlist: [
      '0.0.0.0/0'
    ]
  }
}

resource taskHub 'Microsoft.DurableTask/schedulers/taskHubs@2025-11-01' = {
  parent: scheduler
  name: taskHubName
}

resource dataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(scheduler.id, identityId, durableTaskDataContributor)
  scope: scheduler
  properties: {
    roleDefinitionId: durableTaskDataContributor
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Durable Task Data Contributor for the Portfolio Functions app identity'
  }
}

output endpoint string = scheduler.properties.endpoint
output taskHubName string = taskHub.name
