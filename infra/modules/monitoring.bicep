// Logs of the Container Apps environment, and Application Insights for the services' traces and logs
// (sent over OTLP by the environment's OpenTelemetry agent).
param logAnalyticsName string
param applicationInsightsName string
param location string
param tags object

resource logs 'Microsoft.OperationalInsights/workspaces@2025-02-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

output logAnalyticsName string = logs.name
output applicationInsightsName string = appInsights.name
