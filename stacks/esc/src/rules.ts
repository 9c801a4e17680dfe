import type { PlanResource, PolicyRule } from '@sophia-ai/policy';
import { resourcesOfType } from '@sophia-ai/policy';
import { DEPLOY_TEAM, PLATFORM_TEAM } from './access';

/**
 * Access rules over the synth plan (inputs already redacted). They read the pulumiservice resources, not the
 * access plan, so a hand-written grant or a future component is held to them too. (The plan shows an environment
 * body only as "[asset: text]": the no-plaintext rule is enforced on the definitions themselves, by the component
 * before any resource and by the test over the committed files.)
 */

export const T = {
  environment: 'pulumiservice:index:Environment',
  environmentGrant: 'pulumiservice:index:TeamEnvironmentPermission',
  driftSchedule: 'pulumiservice:index:DriftSchedule',
} as const;

/** Teams that may open (decrypt) production: the platform team and the CI deploy identity. */
export const PRODUCTION_OPENERS: readonly string[] = [PLATFORM_TEAM, DEPLOY_TEAM];

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const isProduction = (name: string) => name.endsWith('-production');
const isSecrets = (name: string) => name.startsWith('secrets-');

export const productionNotReadableByEveryone: PolicyRule = {
  id: 'esc-production-restricted',
  description: `Production environments are opened only by ${PRODUCTION_OPENERS.join(' and ')}; their secrets are not even read by others`,
  severity: 'error',
  check(plan) {
    const found: Array<{ urn?: string; message: string }> = [];
    for (const g of resourcesOfType(plan, T.environmentGrant)) {
      const env = str(g.inputs.environment);
      const team = str(g.inputs.team);
      const permission = str(g.inputs.permission);
      if (!isProduction(env) || PRODUCTION_OPENERS.includes(team) || permission === 'none') continue;
      if (isSecrets(env) || permission !== 'read') found.push({ urn: g.urn, message: `team ${team} gets ${permission} on ${env}` });
    }
    return found;
  },
};

export const everyEnvironmentHasAnOwner: PolicyRule = {
  id: 'esc-environment-owner',
  description: 'Every environment has an owner team (an admin grant)',
  severity: 'error',
  check(plan) {
    const owned = new Set(resourcesOfType(plan, T.environmentGrant).filter((g) => g.inputs.permission === 'admin').map((g) => str(g.inputs.environment)));
    return resourcesOfType(plan, T.environment)
      .filter((e: PlanResource) => !owned.has(str(e.inputs.name)))
      .map((e) => ({ urn: e.urn, message: `environment ${str(e.inputs.name)} has no team with admin on it` }));
  },
};

export const noAutoRemediationInProduction: PolicyRule = {
  id: 'esc-drift-no-auto-remediation-in-production',
  description: 'Drift in production is reported, never remediated by an unattended up (a deploy there needs approval)',
  severity: 'error',
  check(plan) {
    return resourcesOfType(plan, T.driftSchedule)
      .filter((d) => str(d.inputs.stack) === 'production' && d.inputs.autoRemediate === true)
      .map((d) => ({ urn: d.urn, message: `drift schedule of ${str(d.inputs.project)}/production remediates automatically` }));
  },
};

export const escRules: PolicyRule[] = [productionNotReadableByEveryone, everyEnvironmentHasAnOwner, noAutoRemediationInProduction];
