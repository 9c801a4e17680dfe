/** The Portkey resource kinds (what components import). */
export { PortkeyWorkspace, workspaceKind, type WorkspaceArgs } from './workspace';
export { PortkeyWorkspaceMember, workspaceMemberKind, type WorkspaceMemberArgs } from './workspace-member';
export { PortkeyIntegration, integrationKind, type IntegrationArgs } from './integration';
export { PortkeyProvider, providerKind, type ProviderArgs } from './provider';
export { PortkeyConfig, configKind, type ConfigArgs } from './config';
export { PortkeyServiceKey, serviceKeyKind, type ServiceKeyArgs } from './service-key';
export { PortkeyUsageLimitPolicy, PortkeyRateLimitPolicy, usageLimitPolicyKind, rateLimitPolicyKind, type UsageLimitPolicyArgs, type RateLimitPolicyArgs } from './policy';
export { PortkeyIntegrationAccess, integrationAccessKind, type IntegrationAccessArgs } from './integration-access';
