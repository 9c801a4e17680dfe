import type { PolicyRule } from '@sophia-ai/policy';
import { organisation } from './src/organisation';
import { createRules } from './src/rules';
import { declaredWebhookUrls } from './src/spec';

/** Rules checked on this stack's synth result (see src/rules.ts). */
export const rules: PolicyRule[] = createRules({
  publicAllowList: organisation.publicAllowList,
  declaredWebhookUrls: declaredWebhookUrls(organisation),
});
