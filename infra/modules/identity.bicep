// The one identity every Bio container app runs as: it pulls images, reads and writes Storage and reads
// the Key Vault's secrets. Its roles are granted where those resources are declared.
param name string
param location string
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
