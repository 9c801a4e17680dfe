/*
 * The program with a rotation record in its config (`portkey:serviceKeyRotation`, written into ESC by
 * `sophia-secrets rotate`): the service key's `rotation` input is the committed counter plus the recorded
 * rotations, which the provider turns into Portkey's rotate call (providers/runtime.test.ts: a new key, the old
 * one accepted for the transition). Its own file: the SDK's mocks are process-wide.
 */
import * as path from 'node:path';
import { stackConfigFromFile, startMockRuntime, type MockRuntime } from '@sophia-ai/pulumi-testing';

const CANARY_ADMIN = 'canary_portkey_Rx4Kp8Vw2Nq6Ls1T';
jest.setTimeout(60_000);
let runtime: MockRuntime;

beforeAll(async () => {
  const { config: local } = stackConfigFromFile(path.resolve(__dirname, '..'), 'local');
  runtime = await startMockRuntime({
    project: 'portkey',
    stack: 'staging',
    config: {
      'portkey:apiUrl': 'https://api.portkey.invalid',
      'portkey:apiKey': CANARY_ADMIN,
      'portkey:gateway': local['portkey:gateway']!,
      'portkey:serviceKeyRotation': JSON.stringify({ backend: { rotations: 2, rotatedAt: '2026-11-30T08:00:00.000Z' } }),
    },
    secretKeys: ['portkey:apiKey'],
    resourceOutputs: (args) =>
      args.type.endsWith('portkey:Workspace') ? { workspaceId: `uuid-${args.name}` } : args.type.endsWith('portkey:ServiceKey') ? { keyId: `id-${args.name}`, key: 'canary_service_key_Pz3' } : undefined,
  });
  await runtime.runStack(() => require('../index'));
});

test('the recorded rotations reach the service key (committed 0 + 2 recorded), with its transition window', () => {
  const key = runtime.resources.find((r) => r.name === 'portkey-service-key-backend');
  expect(key?.inputs).toMatchObject({ rotation: 2, transitionMs: 60 * 60_000 });
});
