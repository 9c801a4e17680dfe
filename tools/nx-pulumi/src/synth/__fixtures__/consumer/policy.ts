import type { PolicyRule } from '@sophia-ai/policy';

export const rules: PolicyRule[] = [
  {
    id: 'no-public-sites',
    description: 'sites are private',
    severity: 'error',
    check: (plan) =>
      plan.resources
        .filter((r) => r.type === 'fixture:index:Site' && r.inputs.public === true)
        .map((r) => ({ urn: r.urn, message: `site ${r.name} is public` })),
  },
];
