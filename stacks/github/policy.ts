import type { PolicyRule } from '@sophia-ai/policy';
import { organisation } from './src/organisation';
import { createRules } from './src/rules';

/** Rules checked on this stack's synth result (see src/rules.ts). */
export const rules: PolicyRule[] = createRules({ publicAllowList: organisation.publicAllowList });
