/*
 * The whole program with a rotation record in its config (`snowflake:keyRotation`, written into ESC by
 * `sophia-secrets rotate`): the generation and slots come from config, not from code. One scenario per file
 * (the SDK's mocks are process-wide).
 */
import { startMockRuntime, stackConfigFromFile, type MockRuntime, type OutputValue } from '@sophia-ai/pulumi-testing';
import * as path from 'node:path';
import { canaryPrivateKey, canaryPublicKeyBody, resourceOutputs } from './test-support';

let runtime: MockRuntime;
let outputs: Record<string, OutputValue<unknown>>;
const { config } = stackConfigFromFile(path.join(__dirname, '..'), 'local');
const record = { ESTUARY_LOADER: { rotations: 1, rotatedAt: "2026-11-01T00:00:00.000Z" } };

beforeAll(async () => {
  runtime = await startMockRuntime({ project: 'snowflake', stack: 'local', organization: 'sophia-ai', config: { ...config, 'snowflake:keyRotation': JSON.stringify(record) }, resourceOutputs });
  outputs = await runtime.runStack(() => require('../index'));
});

it('rotation 1 recorded in ESC: the new key (g1) in RSA_PUBLIC_KEY_2 and exported, the old one (g0) still in RSA_PUBLIC_KEY', () => {
  const user = runtime.resources.find((r) => r.name === 'snowflake-svc-estuary-loader-user')!;
  const keys = runtime.resources.filter((r) => r.type === 'tls:index/privateKey:PrivateKey' && r.name.startsWith('snowflake-svc-estuary-loader-')).map((r) => r.name).sort();
    expect(user.inputs).toMatchObject({ rsaPublicKey: canaryPublicKeyBody('snowflake-svc-estuary-loader-key-g0'), rsaPublicKey2: canaryPublicKeyBody('snowflake-svc-estuary-loader-key-g1') });
    expect(keys).toEqual(['snowflake-svc-estuary-loader-key-g0', 'snowflake-svc-estuary-loader-key-g1']);
  expect(outputs.private_key).toMatchObject({ value: canaryPrivateKey('snowflake-svc-estuary-loader-key-g1'), isSecret: true });
  // The other service user has no record: its committed generation (0) as before.
  const dbt = runtime.resources.find((r) => r.name === 'snowflake-svc-dbt-transformer-user')!;
  expect(dbt.inputs).toMatchObject({ rsaPublicKey: canaryPublicKeyBody('snowflake-svc-dbt-transformer-key-g0') });
  expect(dbt.inputs.rsaPublicKey2).toBeUndefined();
});
