/** The stack program under the Pulumi SDK's mocks (libs/pulumi-testing): resources, secrets, outputs. */
import { redact, startMockRuntime, type MockRuntime } from '@sophia-ai/pulumi-testing';

// A canary: if this string shows up anywhere but a secret, a secret leaked.
const CANARY_KEY = 'canary_estuary_Q7vT2mXc9LpR4wZs';
let runtime: MockRuntime;
let outputs: Record<string, { value: unknown; isSecret: boolean; isKnown: boolean }>;
// Loading the program compiles the stack with ts-jest: allow for a busy machine (no timing is asserted).
jest.setTimeout(60_000);

beforeAll(async () => {
  runtime = await startMockRuntime({
    project: 'estuary',
    stack: 'staging',
    config: {
      'estuary:namePrefix': 'sophia-ai',
      'estuary:apiUrl': 'https://api.estuary.invalid',
      'estuary:apiKey': CANARY_KEY,
    },
    secretKeys: ['estuary:apiKey'],
  });
  outputs = await runtime.runStack(() => require('../index'));
});

test('declares the contract outputs', () => {
  expect(outputs.names).toEqual({ value: ['sophia-ai-staging-main'], isSecret: false, isKnown: true });
});

test('one component, every child parented to it and named after it', () => {
  const [platform] = runtime.resources.filter((r) => r.type === 'sophia:estuary:Platform');
  expect(platform?.name).toBe('estuary');
  for (const child of runtime.resources.filter((r) => r.parent === platform.urn)) expect(child.name).toMatch(/^estuary-/);
  expect(runtime.resources.filter((r) => r.parent === platform.urn).map((r) => r.name)).toEqual(['estuary-main']);
});

test('the API key stays secret: in no resource input (unwrapped) and in no output', () => {
  for (const r of runtime.resources) expect(JSON.stringify(redact(r.inputs))).not.toContain(CANARY_KEY);
  expect(JSON.stringify(outputs)).not.toContain(CANARY_KEY);
});
