// Voice Migration Planner: Azure resources for one environment (deployed by arm/deploy in teamsapp.yml).
//   - App Service plan + Linux Node 20 web app (the express server: tab, API and bot endpoint)
//   - user-assigned managed identity attached to the web app
//   - Storage account, reached with the identity only: Table storage for tenants, documents and records,
//     Blob storage (container vmp-artefacts) for artefacts such as plan JSON and workbooks
//   - Azure Bot registration with the Microsoft Teams channel (botRegistration/azurebot.bicep)
//   - Key Vault (RBAC) holding every secret; the web app reads them as Key Vault references with the
//     identity (Key Vault Secrets User / Certificate User), so no secret is plain text in its settings
// Outputs are written by the toolkit into env/.env.<env> under the same names.

@maxLength(20)
@minLength(4)
@description('Prefix of every resource name (lower-case letters and digits); a hash of the resource group is appended.')
param resourceBaseName string

param location string = resourceGroup().location

@description('App Service plan SKU. alwaysOn needs Basic (B1) or higher.')
param webAppSku string = 'B1'

@description('Startup command of the web app.')
param startupCommand string = 'npm run start:production'

@maxLength(42)
param botDisplayName string

@description('Client id of the bot Entra app (BOT_ID, written by botAadApp/create).')
param botAadAppClientId string

@secure()
@description('Client secret of the bot Entra app (SECRET_BOT_PASSWORD).')
param botAadAppClientSecret string

@description('Bot identity type. New Azure Bot resources are single-tenant (multi-tenant bot creation was retired in 2025).')
@allowed([
  'SingleTenant'
  'MultiTenant'
])
param botAppType string = 'SingleTenant'

@description('Home tenant of the bot Entra app.')
param botTenantId string

@description('Client id of the tab / API Entra app (SSO, on-behalf-of Graph calls).')
param aadAppClientId string

@description('Home tenant of the tab / API Entra app.')
param aadAppTenantId string

@secure()
@description('Client secret of the tab / API Entra app, used for the on-behalf-of flow. Leave empty when aadAppCertificateName is set.')
param aadAppClientSecret string = ''

@description('Name of a certificate in this deployment\'s Key Vault (created with content type application/x-pem-file and registered on the tab / API Entra app) that the app signs in with instead of the secret. Empty: the secret.')
param aadAppCertificateName string = ''

@description('Comma-separated MSP tenant ids whose admins may link customer tenants (MSP_TENANT_IDS). Empty: no portfolio.')
param mspTenantIds string = ''

@description('Which credential reaches an MSP customer tenant app-only: the app registration for every customer, or one registration per customer (mspCustomerCredentials).')
@allowed([
  'app'
  'per-customer'
])
param mspGraphCredentials string = 'app'

@secure()
@description('With mspGraphCredentials = per-customer: JSON, customer tenant id -> { clientId, secret | certificate (PEM key + certificate) }. Stored in Key Vault.')
param mspCustomerCredentials string = ''

@description('Comma-separated tenant ids allowed to use the app. Empty: only the home tenant.')
param allowedTenantIds string = ''

@description('Teams app id (TEAMS_APP_ID, written by teamsApp/create): the bot\'s "open in tab" buttons deep-link into Teams with it.')
param teamsAppId string = ''

var baseName = toLower(resourceBaseName)
var uniqueSuffix = take(uniqueString(resourceGroup().id, baseName), 6)
var webAppName = '${baseName}-${uniqueSuffix}'
var storageAccountName = take(replace('${baseName}${uniqueSuffix}', '-', ''), 24)
var effectiveAllowedTenantIds = empty(allowedTenantIds) ? aadAppTenantId : allowedTenantIds
// The app's artefact container: '<AZURE_TABLE_PREFIX>-artefacts' in lower case, and the prefix is left at its default 'vmp'.
var artefactContainerName = 'vmp-artefacts'

// Key Vault names: 3-24 letters, digits and hyphens, starting with a letter.
var keyVaultName = take('${replace(baseName, '-', '')}kv${uniqueSuffix}', 24)

// Built-in role definition ids.
var storageTableDataContributorRoleId = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
var storageBlobDataContributorRoleId = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'
var keyVaultCertificateUserRoleId = 'db79e9a7-68ee-4b58-9aeb-b90e7c24fcba'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${baseName}-identity'
  location: location
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    // The app authenticates with its managed identity; no account keys or SAS.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    // A deleted or overwritten artefact can be restored for a week.
    deleteRetentionPolicy: {
      enabled: true
      days: 7
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: 7
    }
  }
}

resource artefactContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: artefactContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource tableRoleAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, storageTableDataContributorRoleId)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributorRoleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource blobRoleAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, storageBlobDataContributorRoleId)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributorRoleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// Secrets live in Key Vault; the app settings hold references the platform resolves with the identity.
resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: keyVaultName
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
  }
}

resource botPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: 'bot-password'
  properties: {
    value: botAadAppClientSecret
  }
}

resource aadAppClientSecretSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(aadAppClientSecret)) {
  parent: keyVault
  name: 'aad-app-client-secret'
  properties: {
    value: aadAppClientSecret
  }
}

resource mspCustomerCredentialsSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(mspCustomerCredentials)) {
  parent: keyVault
  name: 'msp-customer-credentials'
  properties: {
    value: mspCustomerCredentials
    contentType: 'application/json'
  }
}

resource keyVaultSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(keyVault.id, identity.id, keyVaultSecretsUserRoleId)
  scope: keyVault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// A certificate's private key is read through its secret (Secrets User); this role reads the certificate itself.
resource keyVaultCertificateUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(keyVault.id, identity.id, keyVaultCertificateUserRoleId)
  scope: keyVault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultCertificateUserRoleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// Versionless references: App Service picks up a rotated secret within a day (or on restart).
var botPasswordReference = '@Microsoft.KeyVault(SecretUri=${keyVault.properties.vaultUri}secrets/bot-password)'
var aadAppCertificateSettings = [
  {
    // A Key Vault certificate's secret is its PEM key + certificate (content type application/x-pem-file).
    name: 'AAD_APP_CLIENT_CERTIFICATE'
    value: '@Microsoft.KeyVault(SecretUri=${keyVault.properties.vaultUri}secrets/${aadAppCertificateName})'
  }
]
var aadAppSecretSettings = empty(aadAppClientSecret) ? [] : [
  {
    name: 'AAD_APP_CLIENT_SECRET'
    value: '@Microsoft.KeyVault(SecretUri=${keyVault.properties.vaultUri}secrets/aad-app-client-secret)'
  }
]
// The app signs in with one credential: the certificate when named, else the secret.
var aadAppCredentialSettings = empty(aadAppCertificateName) ? aadAppSecretSettings : aadAppCertificateSettings
var mspTenantSettings = empty(mspTenantIds) ? [] : [
  {
    name: 'MSP_TENANT_IDS'
    value: mspTenantIds
  }
]
var mspGraphCredentialSettings = [
  {
    name: 'MSP_GRAPH_CREDENTIALS'
    value: mspGraphCredentials
  }
]
var mspCustomerCredentialSettings = empty(mspCustomerCredentials) ? [] : [
  {
    name: 'MSP_CUSTOMER_CREDENTIALS'
    value: '@Microsoft.KeyVault(SecretUri=${keyVault.properties.vaultUri}secrets/msp-customer-credentials)'
  }
]
var mspSettings = concat(mspTenantSettings, mspGraphCredentialSettings, mspCustomerCredentialSettings)

resource serverfarm 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: baseName
  location: location
  kind: 'linux'
  sku: {
    name: webAppSku
  }
  properties: {
    reserved: true // Linux
  }
}

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  name: webAppName
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  // Key Vault references resolve only once the identity may read the vault and the secrets exist.
  dependsOn: [
    keyVaultSecretsUser
    keyVaultCertificateUser
    botPasswordSecret
    aadAppClientSecretSecret
    mspCustomerCredentialsSecret
  ]
  properties: {
    serverFarmId: serverfarm.id
    // Key Vault references are resolved with the user-assigned identity (not a system-assigned one).
    keyVaultReferenceIdentity: identity.id
    httpsOnly: true
    clientAffinityEnabled: false
    siteConfig: {
      linuxFxVersion: 'NODE|20-lts'
      appCommandLine: startupCommand
      alwaysOn: true
      // The platform pings this path on every instance, takes an instance that keeps failing out of the
      // load balancer and replaces it; GET /healthz answers 200 without touching storage or credentials.
      healthCheckPath: '/healthz'
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      http20Enabled: true
      appSettings: concat([
        {
          name: 'WEBSITE_RUN_FROM_PACKAGE'
          value: '1' // zipDeploy uploads a package that runs read-only
        }
        {
          name: 'SCM_DO_BUILD_DURING_DEPLOYMENT'
          value: 'false' // the package is built by `npm run build` before deployment
        }
        {
          name: 'APP_MODE'
          value: 'production'
        }
        {
          name: 'NODE_ENV'
          value: 'production' // also set by `npm run start:production`; here for any other start command
        }
        {
          name: 'BOT_ID'
          value: botAadAppClientId
        }
        {
          name: 'BOT_PASSWORD'
          value: botPasswordReference
        }
        {
          name: 'BOT_TENANT_ID'
          value: botTenantId
        }
        {
          name: 'BOT_APP_TYPE'
          value: botAppType
        }
        {
          name: 'AAD_APP_CLIENT_ID'
          value: aadAppClientId
        }
        {
          name: 'AAD_APP_TENANT_ID'
          value: aadAppTenantId
        }
        {
          name: 'ALLOWED_TENANT_IDS'
          value: effectiveAllowedTenantIds
        }
        {
          name: 'TAB_ENDPOINT'
          value: 'https://${webAppName}.azurewebsites.net'
        }
        {
          name: 'TEAMS_APP_ID'
          value: teamsAppId
        }
        {
          name: 'STORE'
          value: 'azure-tables'
        }
        {
          name: 'AZURE_STORAGE_ACCOUNT_URL'
          value: storage.properties.primaryEndpoints.table
        }
        {
          name: 'AZURE_STORAGE_BLOB_URL'
          value: storage.properties.primaryEndpoints.blob
        }
        {
          name: 'AZURE_CLIENT_ID'
          value: identity.properties.clientId // DefaultAzureCredential picks the user-assigned identity
        }
      ], aadAppCredentialSettings, mspSettings)
    }
  }
}

module azureBotRegistration './botRegistration/azurebot.bicep' = {
  name: 'Azure-Bot-registration'
  params: {
    resourceBaseName: baseName
    // Bot resource names are unique across all of Azure, like the web app's: the same suffix keeps two
    // deployments of this project (same RESOURCE_SUFFIX, other subscription) from colliding.
    botServiceName: '${baseName}-${uniqueSuffix}'
    botAadAppClientId: botAadAppClientId
    botAppDomain: webApp.properties.defaultHostName
    botDisplayName: botDisplayName
    botAppType: botAppType
    botTenantId: botTenantId
  }
}

// Names must match what teamsapp.yml, appPackage/manifest.json and appPackage/aad.manifest.json consume.
output AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output TAB_DOMAIN string = webApp.properties.defaultHostName
output TAB_ENDPOINT string = 'https://${webApp.properties.defaultHostName}'
output BOT_DOMAIN string = webApp.properties.defaultHostName
output BOT_ENDPOINT string = 'https://${webApp.properties.defaultHostName}'
output AZURE_STORAGE_ACCOUNT_URL string = storage.properties.primaryEndpoints.table
