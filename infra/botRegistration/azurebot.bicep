// Registers the web app as a bot with the Bot Framework and connects it to Microsoft Teams.
// See readme.md in this folder.

@maxLength(20)
@minLength(4)
@description('Used to generate names for all resources in this file')
param resourceBaseName string

@maxLength(42)
param botDisplayName string

param botServiceName string = resourceBaseName
param botServiceSku string = 'F0'

@description('Client id of the bot Entra app.')
param botAadAppClientId string

@description('Host name of the web app; the messaging endpoint is https://<domain>/api/messages.')
param botAppDomain string

@allowed([
  'SingleTenant'
  'MultiTenant'
])
param botAppType string = 'SingleTenant'

@description('Home tenant of the bot Entra app (used when botAppType is SingleTenant).')
param botTenantId string

resource botService 'Microsoft.BotService/botServices@2022-09-15' = {
  kind: 'azurebot'
  location: 'global'
  name: botServiceName
  sku: {
    name: botServiceSku
  }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${botAppDomain}/api/messages'
    msaAppId: botAadAppClientId
    msaAppType: botAppType
    msaAppTenantId: botAppType == 'SingleTenant' ? botTenantId : ''
  }
}

// Connect the bot service to Microsoft Teams.
resource botServiceMsTeamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: botService
  location: 'global'
  name: 'MsTeamsChannel'
  properties: {
    channelName: 'MsTeamsChannel'
  }
}
