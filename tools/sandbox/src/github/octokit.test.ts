/**
 * The emulator as GitHub's own client sees it: Octokit (with plugin-throttling, as the sync uses it) paginates
 * by the Link header, writes sealed values, and recognises the emulator's primary and secondary rate limits.
 */
import { Octokit } from '@octokit/rest';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck';
import { serveEmulator, type RunningEmulator } from '../core/server';
import { GithubEmulator, SANDBOX_GITHUB_TOKEN, sealForGithub } from './emulator';

const REPO = { owner: 'sophia-ai', repo: 'sophia-data-pipelines' };
const Throttled = Octokit.plugin(throttling);
let emulator: GithubEmulator;
let server: RunningEmulator;
const limits: string[] = [];
let octokit: InstanceType<typeof Throttled>;

beforeAll(async () => {
  emulator = new GithubEmulator();
  server = await serveEmulator(emulator);
  octokit = new Throttled({
    auth: SANDBOX_GITHUB_TOKEN,
    baseUrl: server.url,
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    throttle: {
      onRateLimit: (after: number) => (limits.push(`primary ${after}`), false),
      onSecondaryRateLimit: (after: number) => (limits.push(`secondary ${after}`), limits.length < 2),
      // The write group's 1 s spacing would only slow the test down.
      write: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
    } as never,
  });
});
afterAll(() => server.close());

test('Octokit writes sealed secrets, paginates every page by Link, and reads metadata only', async () => {
  const { data: key } = await octokit.rest.actions.getRepoPublicKey(REPO);
  for (let i = 0; i < 7; i++) {
    const res = await octokit.rest.actions.createOrUpdateRepoSecret({ ...REPO, secret_name: `s_${i}`, key_id: key.key_id, encrypted_value: await sealForGithub(key.key, `value-${i}`) });
    expect(res.status).toBe(201);
  }
  const all = await octokit.paginate(octokit.rest.actions.listRepoSecrets, { ...REPO, per_page: 3 });
  expect(all.map((s) => s.name)).toEqual(['S_0', 'S_1', 'S_2', 'S_3', 'S_4', 'S_5', 'S_6']);
  expect(emulator.secretPlaintext({ repo: 'sophia-ai/sophia-data-pipelines' }, 'S_6')).toBe('value-6');
  expect(server.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/actions/secrets'))).toHaveLength(3);
});

test('plugin-throttling recognises the secondary limit (retry-after) and the primary one (x-ratelimit-reset)', async () => {
  // plugin-throttling treats retry-after 0 as absent (it would wait its 60 s fallback): 1 s.
  emulator.control({ secondary: { next: 1, retryAfterSeconds: 1 } });
  await expect(octokit.rest.users.getAuthenticated()).resolves.toMatchObject({ status: 200 });
  expect(limits).toEqual(['secondary 1']);
  emulator.control({ primaryRemaining: 0 });
  await expect(octokit.rest.users.getAuthenticated()).rejects.toMatchObject({ status: 403 });
  expect(limits[1]).toMatch(/^primary \d+$/);
});
