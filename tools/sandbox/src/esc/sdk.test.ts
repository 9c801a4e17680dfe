/**
 * The emulator as Pulumi's own client sees it: @pulumi/esc-sdk's raw API (the wrapper drops the port of a base
 * URL) opens and reads environments, reads one property (the spec's `open//{id}` path) and lists revisions.
 */
import { Configuration, EscRawApi } from '@pulumi/esc-sdk';
import { serveEmulator, type RunningEmulator } from '../core/server';
import { EscEmulator } from './emulator';

const TOKEN = 'pul-esc-sdk-token-canary-31f0';
let emulator: EscEmulator;
let server: RunningEmulator;
let raw: EscRawApi;

beforeAll(async () => {
  emulator = new EscEmulator({ tokens: [TOKEN] });
  server = await serveEmulator(emulator);
  raw = new EscRawApi(new Configuration({ accessToken: TOKEN, basePath: `${server.url}/api/esc` }));
});
afterAll(() => server.close());

test('openEnvironment → readOpenEnvironment / readOpenEnvironmentProperty, listEnvironmentRevisions', async () => {
  emulator.seed('sophia-ai', 'sophia-ai', 'secrets-dev', 'values:\n  github:\n    token:\n      fn::secret: gh-sdk-canary\n');
  emulator.seed('sophia-ai', 'sophia-ai', 'github-dev', 'imports:\n  - sophia-ai/secrets-dev\nvalues:\n  pulumiConfig:\n    github:owner: sophia-ai\n    github:token: ${github.token}\n');
  const opened = await raw.openEnvironment('sophia-ai', 'sophia-ai', 'github-dev', '15m');
  expect(opened.status).toBe(200);
  const read = await raw.readOpenEnvironment('sophia-ai', 'sophia-ai', 'github-dev', opened.data.id);
  expect(read.data.properties!.pulumiConfig!.value['github:token']).toEqual({ value: 'gh-sdk-canary', secret: true, trace: {} });
  const one = await raw.readOpenEnvironmentProperty('sophia-ai', 'sophia-ai', 'github-dev', opened.data.id, 'pulumiConfig["github:owner"]');
  expect(one.data).toEqual({ value: 'sophia-ai', trace: {} });
  const revisions = await raw.listEnvironmentRevisions('sophia-ai', 'sophia-ai', 'github-dev');
  expect(revisions.data.map((r) => r.number)).toEqual([1]);
  await expect(raw.openEnvironment('sophia-ai', 'sophia-ai', 'nope')).rejects.toMatchObject({ response: { status: 404 } });
});
