/*
 * The whole program with a webhook rotation record in its config (`github:webhookSecretRotation`, written into
 * ESC by `sophia-secrets rotate`), for the program-rotation-*.test.ts files (one scenario per file: the SDK's
 * mocks are process-wide).
 */
import { buildPlan, startMockRuntime, stackConfigFromFile, type OutputValue } from '@sophia-ai/pulumi-testing';
import type { RotationRecords } from '@sophia-ai/config';
import * as path from 'node:path';
import { resourceOutputs } from './test-support';

export const HOOK = 'sophia-ml-models/ml-events';
const HOOK_RESOURCE = 'organisation-sophia-ml-models-hook-ml-events';

/** The canary each slot's mocked RandomPassword returns: slot 0 `<hook>-secret`, slot 1 `<hook>-secret-1`. */
export const SLOT_CANARY = ['CANARYslotZERO0123456789abcdefGHIJKLMNOP', 'CANARYslotONE0123456789abcdefGHIJKLMNOPQ'] as const;

/** Runs index.ts with `records` as github:webhookSecretRotation; what the hook, its secrets and the exports look like. */
export async function runWithWebhookRotation(records: RotationRecords) {
  const { config } = stackConfigFromFile(path.join(__dirname, '..'), 'local');
  process.env.GITHUB_API_URL = 'http://127.0.0.1:9/api/v3';
  const runtime = await startMockRuntime({
    project: 'github',
    stack: 'local',
    organization: 'sophia-ai',
    config: { ...config, 'github:webhookSecretRotation': JSON.stringify(records) },
    secretKeys: ['github:token'],
    resourceOutputs: (args) =>
      args.type === 'random:index/randomPassword:RandomPassword' ? { result: SLOT_CANARY[args.name.endsWith('-secret-1') ? 1 : 0] } : resourceOutputs!(args),
  });
  const outputs: Record<string, OutputValue<unknown>> = await runtime.runStack(() => require('../index'));
  delete process.env.GITHUB_API_URL;
  const hook = runtime.resources.find((r) => r.type === 'github:index/repositoryWebhook:RepositoryWebhook' && r.name === HOOK_RESOURCE)!;
  const slots = runtime.resources.filter((r) => r.type === 'random:index/randomPassword:RandomPassword').map((r) => ({ name: r.name, keepers: r.inputs.keepers }));
  /** The secret the hook signs with (the SDK wraps the whole configuration block as secret). */
  const signingSecret = (hook.inputs.configuration as { value: { secret: string } }).value.secret;
  /** What the synth runner prints: the plan with its outputs, secrets redacted. */
  const printed = JSON.stringify(buildPlan({ stack: 'github', project: 'github', env: 'local', resources: runtime.resources, outputs }));
  return { outputs, slots, signingSecret, printed };
}
