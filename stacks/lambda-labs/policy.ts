// Policy rules synth runs on this stack's plan (see src/rules.ts for what each one enforces).
import type { PolicyRule } from '@sophia-ai/policy';
import { lambdaRules } from './src/rules';

export const rules: PolicyRule[] = lambdaRules;
