/** An org-level usage-limit policy (a budget over everything its conditions match, grouped, with its alert). */
import { policyRuntime, usageLimits } from './policy';

export const { stateVersion, check, diff, create, read, update, remove } = policyRuntime(usageLimits);
