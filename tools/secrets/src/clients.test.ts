/*
 * The sync's clients against the emulators, every exchange recorded and checked against the vendored official
 * descriptions (GitHub REST 1.1.4 subset, esc-sdk swagger): what our clients send and what they are answered.
 * Plus the GitHub client's own promises: every page walked, one public key per scope, sealed values that open.
 */
import { EscEmulator, GithubEmulator, type RunningEmulator, SANDBOX_GITHUB_TOKEN, serveEmulator } from '@sophia-ai/sandbox';
import { EscSpec, recordExchanges as recordEsc } from '@sophia-ai/sandbox/src/esc/spec/conformance';
import { GithubSpec, recordExchanges as recordGithub, type RecordedExchange } from '@sophia-ai/sandbox/src/github/spec/conformance';
import { PulumiCloudEscStore } from '@sophia-ai/esc-store';
import { GithubSecrets } from './github';
import { ledgerEnvironment } from './ledger';
import { manifestWithOverrides, resolveManifest, SYNC_MANIFEST, workspaceNamespaces } from './manifest';
import { runSync } from './sync';

jest.setTimeout(120_000);

const ORG = 'sophia-ai';
const REPO = { kind: 'repository' as const, owner: ORG, repository: 'sophia-ml-models' };
const ENVIRONMENT = { kind: 'environment' as const, owner: ORG, repository: 'sophia-ai-infrastructure', environment: 'dev' };
const SELECTED = { kind: 'organization' as const, owner: ORG, visibility: 'selected' as const, repositories: ['sophia-ml-models', 'sophia-data-pipelines'] };

let github: GithubEmulator;
let githubServer: RunningEmulator;
let githubExchanges: RecordedExchange[];
let esc: EscEmulator;
let escServer: RunningEmulator;
let escExchanges: RecordedExchange[];

beforeAll(async () => {
  github = new GithubEmulator();
  const g = recordGithub(github);
  githubExchanges = g.exchanges;
  githubServer = await serveEmulator(g.emulator);
  esc = new EscEmulator();
  const e = recordEsc(esc);
  escExchanges = e.exchanges;
  escServer = await serveEmulator(e.emulator);
  const res = await fetch(`${githubServer.url}/repos/${ORG}/sophia-ai-infrastructure/environments/dev`, { method: 'PUT', headers: { authorization: `Bearer ${SANDBOX_GITHUB_TOKEN}` } });
  expect(res.status).toBe(200);
});
afterAll(async () => {
  await githubServer.close();
  await escServer.close();
});

const client = () => new GithubSecrets({ token: SANDBOX_GITHUB_TOKEN, baseUrl: githubServer.url, writeIntervalMs: 0 });

test('GitHub: every page is walked, the public key is fetched once per scope, sealed values open to the plaintext', async () => {
  const c = client();
  for (let i = 0; i < 230; i++) await c.put(SELECTED, `PAGED_${String(i).padStart(3, '0')}`, `value-${i}`);
  await c.put(REPO, 'REPO_SECRET', 'canary-repo-Qa1');
  await c.put(ENVIRONMENT, 'ENV_SECRET', 'canary-env-Qb2');
  const keyFetches = githubServer.requests.filter((r) => r.path.endsWith('/public-key'));
  expect(keyFetches.map((r) => r.path).sort()).toEqual([`/orgs/${ORG}/actions/secrets/public-key`, `/repos/${ORG}/sophia-ai-infrastructure/environments/dev/secrets/public-key`, `/repos/${ORG}/sophia-ml-models/actions/secrets/public-key`]);
  // Two selected repositories resolved once each, for 230 writes.
  expect(githubServer.requests.filter((r) => r.method === 'GET' && /^\/repos\/[^/]+\/[^/]+$/.test(r.path))).toHaveLength(2);

  const before = githubServer.requests.length;
  const listed = await client().list(SELECTED);
  expect(listed.size).toBe(230);
  expect(githubServer.requests.length - before).toBe(3); // 100 + 100 + 30
  expect(github.secretPlaintext({ org: ORG }, 'PAGED_229')).toBe('value-229');
  expect(github.secretInfo({ org: ORG }, 'PAGED_000')?.visibility).toBe('selected');
  expect(github.secretPlaintext({ repo: `${ORG}/sophia-ml-models` }, 'REPO_SECRET')).toBe('canary-repo-Qa1');
  expect(github.secretPlaintext({ repo: `${ORG}/sophia-ai-infrastructure`, environment: 'dev' }, 'ENV_SECRET')).toBe('canary-env-Qb2');

  await c.delete(REPO, 'REPO_SECRET');
  await c.delete(REPO, 'REPO_SECRET'); // already gone: fine
  expect(github.secretPlaintext({ repo: `${ORG}/sophia-ml-models` }, 'REPO_SECRET')).toBeUndefined();
});

test('GitHub: errors name the scope and the fix, never the token', async () => {
  const bad = new GithubSecrets({ token: 'ghp_canaryWRONGtoken000000000000000000000', baseUrl: githubServer.url, writeIntervalMs: 0 });
  const err = await bad.list(REPO).catch((e) => e);
  expect(err.message).toMatch(/listing secrets of repository sophia-ai\/sophia-ml-models failed with HTTP 401: Bad credentials \(check the token\)/);
  expect(`${err.message} ${err.stack}`).not.toContain('canaryWRONG');
  const missing = await client().list({ ...ENVIRONMENT, environment: 'nope' }).catch((e) => e);
  expect(missing.message).toMatch(/HTTP 404.*the scope must exist/);
});

test('a whole sync run: every request our clients send and every answer conform to the official descriptions', async () => {
  esc.seed(ORG, 'sophia-ai', 'secrets-dev', 'values:\n  portkey:\n    apiKey:\n      fn::secret: canary-portkey-spec-Zz9\n');
  await client().put(ENVIRONMENT, 'LAMBDA_API_KEY', 'canary-lambda-spec-Yy8');
  const report = await runSync({
    store: new PulumiCloudEscStore({ apiUrl: escServer.url, token: 'pul-spec-token', org: ORG }),
    create: false,
    ledgerRef: ledgerEnvironment('dev', ORG),
    targets: resolveManifest(manifestWithOverrides(SYNC_MANIFEST), workspaceNamespaces(), 'dev', ORG),
    policy: {},
    apply: true,
    github: client(),
    githubValues: { LAMBDA_API_KEY: 'canary-lambda-spec-Yy8' },
  });
  expect(report.errors).toEqual([]);
  expect(report.items.filter((i) => i.result === 'done').map((i) => i.githubSecret).sort()).toEqual(['LAMBDA_API_KEY', 'PORTKEY_API_KEY']);
  const githubSpec = new GithubSpec();
  const escSpec = new EscSpec();
  expect(githubExchanges.flatMap((x) => [...githubSpec.answerProblems(x), ...githubSpec.requestProblems(x)])).toEqual([]);
  expect(escExchanges.length).toBeGreaterThan(5);
  expect(escExchanges.flatMap((x) => [...escSpec.answerProblems(x), ...escSpec.requestProblems(x)])).toEqual([]);
  // The sync used open (values), the definition (writes) and never rebuilt a definition from opened values.
  expect(escExchanges.some((x) => x.method === 'POST' && x.path.endsWith('/secrets-dev/open'))).toBe(true);
});

describe('write pacing (GitHub: at least 1 s between mutative requests)', () => {
  /** The GitHub emulator, noting when each secret write arrives. */
  async function timedGithub() {
    const inner = new GithubEmulator();
    const arrivals: number[] = [];
    const server = await serveEmulator({
      name: inner.name,
      envVar: inner.envVar,
      errorBody: inner.errorBody.bind(inner),
      handle: (req) => {
        if (req.method === 'PUT' && req.path.includes('/secrets/') && !req.path.endsWith('/public-key')) arrivals.push(Date.now());
        return inner.handle(req);
      },
    });
    const gaps = () => arrivals.slice(1).map((t, i) => t - arrivals[i]!);
    return { server, gaps };
  }

  it('concurrent writes are serialised at the configured interval', async () => {
    const { server, gaps } = await timedGithub();
    try {
      const c = new GithubSecrets({ token: SANDBOX_GITHUB_TOKEN, baseUrl: server.url, writeIntervalMs: 250 });
      await Promise.all(['A', 'B', 'C'].map((n) => c.put(REPO, `PACED_${n}`, 'v')));
      expect(gaps()).toHaveLength(2);
      // Sends are ≥ 250 ms apart; arrivals are seen by a busy server, so allow half of it for the server's own
      // delay. Unpaced, the three arrive within a few milliseconds of each other: this still fails then.
      for (const g of gaps()) expect(g).toBeGreaterThanOrEqual(125);
    } finally {
      await server.close();
    }
  });

  it('the default interval is GitHub’s 1 s (SOPHIA_SECRETS_WRITE_INTERVAL_MS unset)', async () => {
    const { server, gaps } = await timedGithub();
    const saved = process.env.SOPHIA_SECRETS_WRITE_INTERVAL_MS;
    delete process.env.SOPHIA_SECRETS_WRITE_INTERVAL_MS;
    try {
      const c = new GithubSecrets({ token: SANDBOX_GITHUB_TOKEN, baseUrl: server.url });
      await Promise.all(['A', 'B'].map((n) => c.put(REPO, `DEFAULT_${n}`, 'v')));
      expect(gaps()[0]).toBeGreaterThanOrEqual(500); // 1 s between sends; see above for the margin
    } finally {
      if (saved !== undefined) process.env.SOPHIA_SECRETS_WRITE_INTERVAL_MS = saved;
      await server.close();
    }
  });
});
