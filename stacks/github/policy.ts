import type { PolicyRule } from '@sophia-ai/policy';
import { lambdaLabsFirewall } from '@sophia-ai/lambda-labs-contract';
import { organisation } from './src/organisation-spec';
import { createRules } from './src/rules';
import { declaredWebhookUrls, upstreamWebhookUrls } from './src/logic/spec';

/** Rules checked on this stack's synth result (see src/rules.ts). */
export const rules: PolicyRule[] = createRules({
  publicAllowList: organisation.publicAllowList,
  declaredWebhookUrls: declaredWebhookUrls(organisation),
  upstreamWebhookUrls: upstreamWebhookUrls(organisation),
  openPorts: { [lambdaLabsFirewall.project]: lambdaLabsFirewall.openTcpPorts },
});
