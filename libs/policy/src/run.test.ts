import { formatViolations, hasErrors, resourcesOfType, runPolicies, type PolicyRule, type SynthPlan } from './index';

const plan: SynthPlan = {
  stack: 'demo',
  project: 'demo',
  env: 'local',
  resources: [
    { urn: 'urn:a', type: 'pulumi:pulumi:Stack', name: 'demo-local', dependencies: [], inputs: {}, custom: false },
    { urn: 'urn:b', type: 'test:Bucket', name: 'b', parent: 'urn:a', dependencies: [], inputs: { public: true }, custom: true },
    { urn: 'urn:c', type: 'test:Bucket', name: 'c', parent: 'urn:a', dependencies: [], inputs: { public: false }, custom: true },
  ],
  outputs: {},
  secretOutputNames: [],
  violations: [],
};

const noPublicBuckets: PolicyRule = {
  id: 'no-public-buckets',
  description: 'Buckets are private',
  severity: 'error',
  check: (p) =>
    resourcesOfType(p, 'test:Bucket')
      .filter((r) => r.inputs.public === true)
      .map((r) => ({ urn: r.urn, message: `bucket ${r.name} is public` })),
};

const namedOutputs: PolicyRule = {
  id: 'has-outputs',
  description: 'Stacks export something',
  severity: 'warning',
  check: (p) => (Object.keys(p.outputs).length ? [] : [{ message: 'stack exports nothing' }]),
};

describe('runPolicies', () => {
  it('reports each finding with its rule, severity and resource', () => {
    const violations = runPolicies(plan, [noPublicBuckets, namedOutputs]);
    expect(violations).toEqual([
      { ruleId: 'no-public-buckets', severity: 'error', urn: 'urn:b', message: 'bucket b is public' },
      { ruleId: 'has-outputs', severity: 'warning', message: 'stack exports nothing' },
    ]);
    expect(hasErrors(violations)).toBe(true);
    expect(hasErrors(runPolicies(plan, [namedOutputs]))).toBe(false);
  });

  it('turns a throwing rule into an error naming it', () => {
    const broken: PolicyRule = { id: 'broken', description: 'x', severity: 'warning', check: () => { throw new Error('boom'); } };
    expect(runPolicies(plan, [broken])).toEqual([{ ruleId: 'broken', severity: 'error', message: 'policy rule threw: boom' }]);
  });

  it('refuses duplicate rule ids', () => {
    expect(() => runPolicies(plan, [namedOutputs, namedOutputs])).toThrow(/Duplicate policy rule id "has-outputs"/);
  });

  it('formats errors before warnings, one per line', () => {
    const text = formatViolations(runPolicies(plan, [namedOutputs, noPublicBuckets]));
    expect(text.split('\n')).toEqual([
      'error   no-public-buckets  urn:b: bucket b is public',
      'warning has-outputs  stack exports nothing',
    ]);
  });
});
