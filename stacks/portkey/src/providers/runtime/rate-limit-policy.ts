/** An org-level rate-limit policy (a request or token rate over everything its conditions match, grouped). */
import { policyRuntime, rateLimits } from './policy';

export const { stateVersion, check, diff, create, read, update, remove } = policyRuntime(rateLimits);
