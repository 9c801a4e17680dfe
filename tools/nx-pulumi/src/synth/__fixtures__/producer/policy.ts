import type { PolicyRule } from '@sophia-ai/policy';

export const rules: PolicyRule[] = [
  {
    id: 'buckets-have-region',
    description: 'every bucket names its region',
    severity: 'warning',
    check: (plan) =>
      plan.resources
        .filter((r) => r.type === 'fixture:index:Bucket' && r.inputs.region !== 'us-west-1')
        .map((r) => ({ urn: r.urn, message: 'bucket outside us-west-1' })),
  },
];
