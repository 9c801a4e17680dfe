/*
 * The whole program with a rotation record in its config (`snowflake:keyRotation`, written into ESC by
 * `sophia-secrets rotate`), for the program-rotation-*.test.ts files (one scenario per file: the SDK's mocks are
 * process-wide).
 */
import { startMockRuntime, stackConfigFromFile, type OutputValue } from '@sophia-ai/pulumi-testing';
import type { RotationRecords } from '@sophia-ai/config';
import * as path from 'node:path';
import { resourceOutputs } from './test-support';

/** Runs index.ts with `record` as snowflake:keyRotation; what the service users and the export look like. */
export async function runWithRotationRecord(record: RotationRecords) {
  const { config } = stackConfigFromFile(path.join(__dirname, '..'), 'local');
  const runtime = await startMockRuntime({ project: 'snowflake', stack: 'local', organization: 'sophia-ai', config: { ...config, 'snowflake:keyRotation': JSON.stringify(record) }, resourceOutputs });
  const outputs: Record<string, OutputValue<unknown>> = await runtime.runStack(() => require('../index'));
  const user = (name: string) => runtime.resources.find((r) => r.name === `snowflake-svc-${name}-user`)!.inputs;
  const keyPairs = (name: string) => runtime.resources.filter((r) => r.type === 'tls:index/privateKey:PrivateKey' && r.name.startsWith(`snowflake-svc-${name}-`)).map((r) => r.name).sort();
  return { outputs, user, keyPairs };
}
