import { runPolicies, type PlanResource, type SynthPlan } from '@sophia-ai/policy';
import { lambdaRules, T } from './rules';

// Plans as synth hands them to the rules (inputs redacted): one failing case per rule, and the sample's shape passing.
const ssh = (source_network: string) => ({ protocol: 'tcp', port_range: [22, 22], source_network, description: `SSH from ${source_network}` });
const firewall = (...rules: unknown[]): PlanResource => ({
  urn: 'urn:pulumi:production::lambda-labs::sophia:lambda-labs:Platform$pulumi-nodejs:dynamic/lambda:FirewallRuleset::lambda-firewall',
  type: T.firewall, name: 'lambda-firewall', dependencies: [], custom: true, inputs: { apiKey: '[secret]', name: 'fw', region: 'us-east-1', rules },
});
const instance = (inputs: Record<string, unknown>): PlanResource => ({
  urn: 'urn:pulumi:production::lambda-labs::sophia:lambda-labs:Platform$pulumi-nodejs:dynamic/lambda:Instance::lambda-gpu-1',
  type: T.instance, name: 'lambda-gpu-1', dependencies: [], custom: true, inputs: { apiKey: '[secret]', region: 'us-east-1', firewallRulesetIds: ['[unknown]'], ...inputs },
});
const plan = (env: string, ...resources: PlanResource[]): SynthPlan => ({ stack: 'lambda-labs', project: 'lambda-labs', env, resources, outputs: {}, secretOutputNames: [], violations: [] });
const messages = (p: SynthPlan) => runPolicies(p, lambdaRules).map((v) => `${v.severity} ${v.ruleId}: ${v.message}`);

test('the sample shape (SSH from a /24, instance behind the ruleset) passes every rule', () => {
  expect(messages(plan('production', firewall(ssh('203.0.113.0/24')), instance({})))).toEqual([]);
});

test('any inbound rule other than TCP 22 is refused, naming protocol, ports and source', () => {
  const http = { protocol: 'tcp', port_range: [80, 443], source_network: '0.0.0.0/0', description: 'web' };
  const all = { protocol: 'all', source_network: '10.0.0.0/8', description: 'everything' };
  expect(messages(plan('dev', firewall(ssh('203.0.113.0/24'), http, all)))).toEqual([
    'error lambda-firewall-ssh-only: ruleset lambda-firewall opens tcp ports 80-443 to 0.0.0.0/0 (only TCP 22 is allowed)',
    'error lambda-firewall-ssh-only: ruleset lambda-firewall opens all every port to 10.0.0.0/8 (only TCP 22 is allowed)',
  ]);
});

test('SSH from 0.0.0.0/0 is a warning (the config decides whether production may have it)', () => {
  expect(messages(plan('production', firewall(ssh('0.0.0.0/0'))))).toEqual(['warning lambda-open-ssh: ruleset lambda-firewall allows SSH from 0.0.0.0/0']);
});

test('an instance outside any ruleset is refused everywhere; a region without firewall enforcement only in production', () => {
  expect(messages(plan('dev', instance({ firewallRulesetIds: [] })))).toEqual(['error lambda-instance-firewalled: instance lambda-gpu-1 has no firewall ruleset (firewallRulesetIds is empty)']);
  expect(messages(plan('production', instance({ region: 'us-south-1' })))).toEqual([
    'error lambda-instance-firewalled: instance lambda-gpu-1 is in us-south-1, where Lambda does not enforce firewall rules (choose another lambda-labs:region)',
  ]);
  expect(messages(plan('staging', instance({ region: 'us-south-1' })))).toEqual([]);
});
