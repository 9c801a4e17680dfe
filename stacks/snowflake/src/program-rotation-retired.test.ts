import { runWithRotationRecord } from './program-rotation.support';
import { canaryPrivateKey, canaryPublicKeyBody } from './test-support';

it('phase two recorded in ESC (retired): the old key (g0) leaves RSA_PUBLIC_KEY and its key pair goes, g1 stays exported', async () => {
  const run = await runWithRotationRecord({ ESTUARY_LOADER: { rotations: 1, rotatedAt: '2026-11-01T00:00:00.000Z', retired: true } });
  expect(run.user('estuary-loader').rsaPublicKey).toBeUndefined();
  expect(run.user('estuary-loader').rsaPublicKey2).toBe(canaryPublicKeyBody('snowflake-svc-estuary-loader-key-g1'));
  expect(run.keyPairs('estuary-loader')).toEqual(['snowflake-svc-estuary-loader-key-g1']);
  expect(run.outputs.private_key).toMatchObject({ value: canaryPrivateKey('snowflake-svc-estuary-loader-key-g1'), isSecret: true });
});
