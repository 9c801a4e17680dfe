import { runWithRotationRecord } from './program-rotation.support';
import { canaryPrivateKey, canaryPublicKeyBody } from './test-support';

it('rotation 1 recorded in ESC: the new key (g1) in RSA_PUBLIC_KEY_2 and exported, the old one (g0) still in RSA_PUBLIC_KEY', async () => {
  const run = await runWithRotationRecord({ ESTUARY_LOADER: { rotations: 1, rotatedAt: '2026-11-01T00:00:00.000Z' } });
  expect(run.user('estuary-loader')).toMatchObject({ rsaPublicKey: canaryPublicKeyBody('snowflake-svc-estuary-loader-key-g0'), rsaPublicKey2: canaryPublicKeyBody('snowflake-svc-estuary-loader-key-g1') });
  expect(run.keyPairs('estuary-loader')).toEqual(['snowflake-svc-estuary-loader-key-g0', 'snowflake-svc-estuary-loader-key-g1']);
  expect(run.outputs.private_key).toMatchObject({ value: canaryPrivateKey('snowflake-svc-estuary-loader-key-g1'), isSecret: true });
  // The other service user has no record: its committed generation (0), as before.
  expect(run.user('dbt-transformer')).toMatchObject({ rsaPublicKey: canaryPublicKeyBody('snowflake-svc-dbt-transformer-key-g0') });
  expect(run.user('dbt-transformer').rsaPublicKey2).toBeUndefined();
});
