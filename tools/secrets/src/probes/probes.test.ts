/*
 * Every readiness probe against its sandbox emulator: verified for the key the emulator accepts, invalid for one
 * it refuses, unknown for a timeout, a 5xx, a dropped connection, an unreachable host and a missing credential.
 * Canary credentials never appear in a result.
 */
import * as http from 'node:http';
import * as net from 'node:net';
import { EscEmulator, GithubEmulator, LambdaEmulator, type RunningEmulator, serveEmulator } from '@sophia-ai/sandbox';
import type { Emulator } from '@sophia-ai/sandbox/src/core/types';
import { EstuaryEmulator, encodeRefreshToken } from '@sophia-ai/sandbox/src/estuary/emulator';
import { PortkeyEmulator } from '@sophia-ai/sandbox/src/portkey/emulator';
import type { ProbeResult } from '../compliance/model';
import { estuaryProbe } from './estuary';
import { githubProbe } from './github';
import { PROBES, PULUMI_TOKEN_KEY } from './index';
import { lambdaLabsProbe } from './lambda-labs';
import { portkeyProbe } from './portkey';
import { pulumiProbe } from './pulumi';
import { runProbes } from './run';
import type { Probe, ProbeInputs } from './types';

const CANARY = {
  lambda: 'canary_lambda_key_Vq7Zt3Lm9Xw2Pk4R',
  portkey: 'canary_portkey_key_Hj5Nc8Ws1Ye6Tb3Q',
  github: 'ghp_CanaryProbeToken8Kd2Lq7Vx4Mz9Rw',
  estuary: { id: 'c4a7e1b93f2d5086', secret: 'canary_estuary_secret_Pw6Jd2Kx9Lt4' },
  estuaryServiceKey: 'flow_sa_canary12_Zr8Vn3Qm6Ty1Wc5H',
  pulumi: 'pul-canary-probe-token-3e8f1a9c7b',
};
const WRONG = 'wrong_credential_Qa9Zx2Lm7Nc4Vb8T';
const ALL_CANARIES = [CANARY.lambda, CANARY.portkey, CANARY.github, CANARY.estuary.secret, encodeRefreshToken(CANARY.estuary), CANARY.estuaryServiceKey, CANARY.pulumi, WRONG];

interface Case {
  probe: Probe;
  emulator: () => Emulator;
  good: ProbeInputs;
  bad: ProbeInputs;
  /** The path the probe calls (faults are limited to it). */
  path: string;
}

const CASES: Case[] = [
  { probe: lambdaLabsProbe, emulator: () => new LambdaEmulator({ apiKeys: [CANARY.lambda] }), good: { 'lambda-labs:apiKey': CANARY.lambda }, bad: { 'lambda-labs:apiKey': WRONG }, path: '/api/v1/instance-types' },
  { probe: portkeyProbe, emulator: () => new PortkeyEmulator({ apiKeys: [CANARY.portkey] }), good: { 'portkey:apiKey': CANARY.portkey }, bad: { 'portkey:apiKey': WRONG }, path: '/v1/admin/workspaces' },
  { probe: githubProbe, emulator: () => new GithubEmulator({ tokens: [CANARY.github] }), good: { 'github:token': CANARY.github }, bad: { 'github:token': `ghp_${WRONG}` }, path: '/user' },
  {
    probe: estuaryProbe,
    emulator: () => new EstuaryEmulator({ refreshTokens: [CANARY.estuary] }),
    good: { 'estuary:refreshToken': encodeRefreshToken(CANARY.estuary) },
    bad: { 'estuary:refreshToken': encodeRefreshToken({ id: CANARY.estuary.id, secret: WRONG }) },
    path: '/rpc/generate_access_token',
  },
  { probe: pulumiProbe, emulator: () => new EscEmulator({ tokens: [CANARY.pulumi] }), good: { [PULUMI_TOKEN_KEY]: CANARY.pulumi }, bad: { [PULUMI_TOKEN_KEY]: WRONG }, path: '/api/user' },
];

// Generous: two cores shared by several test runs; the timeout case holds its request four times as long.
const TIMEOUT_MS = 1_000;

function expectNoCanary(results: ProbeResult | ProbeResult[]) {
  const text = JSON.stringify(results);
  for (const c of ALL_CANARIES) expect(text).not.toContain(c);
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe.each(CASES)('$probe.service probe', ({ probe, emulator, good, bad, path }) => {
  let server: RunningEmulator;
  beforeAll(async () => {
    server = await serveEmulator(emulator());
  });
  afterAll(() => server.close());
  afterEach(() => server.faults.clear());
  const run = (values: ProbeInputs, baseUrl = server.url) => probe.run(values, { timeoutMs: TIMEOUT_MS, baseUrl });

  test('verified: the emulator accepts the credential', async () => {
    const r = await run(good);
    expect(r).toMatchObject({ service: probe.service, readiness: 'verified', keys: probe.keys });
    expect(r.call).toContain(path);
    expectNoCanary(r);
  });

  test('invalid: the emulator refuses the credential', async () => {
    const r = await run(bad);
    expect(r.readiness).toBe('invalid');
    expect(r.detail).toMatch(/refused the credential/);
    expectNoCanary(r);
  });

  test('unknown, never verified: timeout, 5xx, dropped connection, unreachable, no credential', async () => {
    server.faults.delayBeforeHandle({ next: 1, ms: TIMEOUT_MS * 4, path });
    const slow = await run(good);
    expect(slow).toMatchObject({ readiness: 'unknown', detail: `timed out after ${TIMEOUT_MS} ms` });
    expect(server.faults.injected.delay).toBe(1);

    server.faults.clear().serverError({ next: 1, status: 503, path });
    const failing = await run(good);
    expect(failing.readiness).toBe('unknown');
    expect(failing.detail).toMatch(/^HTTP 503/);
    expect(server.faults.injected.serverError).toBe(1);

    server.faults.clear().dropAfterHandle({ next: 1, path });
    const dropped = await run(good);
    expect(dropped.readiness).toBe('unknown');
    expect(dropped.detail).toMatch(/connection dropped/);
    expect(server.faults.injected.drop).toBe(1);

    const unreachable = await run(good, `http://127.0.0.1:${await closedPort()}`);
    expect(unreachable).toMatchObject({ readiness: 'unknown', detail: 'unreachable (ECONNREFUSED)' });

    const missing = await run({});
    expect(missing).toMatchObject({ readiness: 'unknown', detail: `not tried: ${probe.keys[0]} has no value`, durationMs: 0 });
    expectNoCanary([slow, failing, dropped, unreachable, missing]);
  });

  test('a 429 leaves the question open', async () => {
    server.faults.rateLimit({ next: 1, path });
    const r = await run(good);
    expect(r).toMatchObject({ readiness: 'unknown' });
    expect(r.detail).toMatch(/^HTTP 429/);
  });
});

describe('estuary credential forms', () => {
  let server: RunningEmulator;
  const saved = process.env.ESTUARY_AGENT_URL;
  beforeAll(async () => {
    server = await serveEmulator(new EstuaryEmulator({ refreshTokens: [CANARY.estuary], serviceKeys: [CANARY.estuaryServiceKey] }));
    process.env.ESTUARY_AGENT_URL = server.url;
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.ESTUARY_AGENT_URL;
    else process.env.ESTUARY_AGENT_URL = saved;
    await server.close();
  });

  test('a service-account key is exchanged at the agent API (ESTUARY_AGENT_URL), a refused one is invalid', async () => {
    const ok = await estuaryProbe.run({ 'estuary:refreshToken': CANARY.estuaryServiceKey }, { timeoutMs: TIMEOUT_MS, baseUrl: 'http://127.0.0.1:1' });
    expect(ok).toMatchObject({ readiness: 'verified', call: 'POST /api/v1/auth/token' });
    const refused = await estuaryProbe.run({ 'estuary:refreshToken': 'flow_sa_revoked0_Xc4Vb7Nm2Qw9' }, { timeoutMs: TIMEOUT_MS });
    expect(refused.readiness).toBe('invalid');
    expectNoCanary([ok, refused]);
  });

  test('an access token (a JWT) is used as is: one read of the drafts', async () => {
    const exchanged = await fetch(`${server.url}/rpc/generate_access_token`, {
      method: 'POST',
      headers: { apikey: (await import('@sophia-ai/estuary-config/limits')).ESTUARY_PUBLIC_ANON_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ refresh_token_id: CANARY.estuary.id, secret: CANARY.estuary.secret }),
    });
    const { access_token } = (await exchanged.json()) as { access_token: string };
    const r = await estuaryProbe.run({ 'estuary:refreshToken': access_token }, { timeoutMs: TIMEOUT_MS, baseUrl: server.url });
    expect(r).toMatchObject({ readiness: 'verified', call: 'GET /drafts' });
    expect(JSON.stringify(r)).not.toContain(access_token);
    const forged = await estuaryProbe.run({ 'estuary:refreshToken': `${access_token.split('.').slice(0, 2).join('.')}.forgedsignature` }, { timeoutMs: TIMEOUT_MS, baseUrl: server.url });
    expect(forged.readiness).toBe('invalid');
  });

  test('a credential of no known form is not tried (unknown), and not echoed', async () => {
    const exchanges = () => server.requests.filter((q) => q.path.includes('generate_access_token') || q.path.includes('auth/token')).length;
    const before = exchanges();
    const r = await estuaryProbe.run({ 'estuary:refreshToken': CANARY.estuary.secret }, { timeoutMs: TIMEOUT_MS, baseUrl: server.url });
    expect(r.readiness).toBe('unknown');
    expect(r.detail).toMatch(/^not tried: estuary:refreshToken is neither/);
    expectNoCanary(r);
    expect(exchanges()).toBe(before);
  });
});

test('github: an App installation token (ghs_) has no user: the probe lists one repository of its installation', async () => {
  // The sandbox's GitHub emulator has no installations; a one-route stand-in answers as GitHub documents it.
  const token = 'ghs_CanaryInstallationToken4Vx8Qm2Lz6Kp9Tw';
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req.url ?? '');
    const ok = req.url === '/installation/repositories?per_page=1' && req.headers.authorization === `Bearer ${token}`;
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
    res.end(JSON.stringify(ok ? { total_count: 3, repositories: [] } : { message: 'Bad credentials' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const baseUrl = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    const ok = await githubProbe.run({ 'github:token': token }, { timeoutMs: TIMEOUT_MS, baseUrl });
    expect(ok).toMatchObject({ readiness: 'verified', call: 'GET /installation/repositories', detail: 'the installation token was accepted (3 repositories)' });
    const refused = await githubProbe.run({ 'github:token': 'ghs_RevokedInstallationToken7Qp3Wn8Ks1Lx5' }, { timeoutMs: TIMEOUT_MS, baseUrl });
    expect(refused.readiness).toBe('invalid');
    expect(seen).not.toContain('/user');
    expect(JSON.stringify([ok, refused])).not.toContain(token);
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
});

describe('runProbes', () => {
  test('one result per probe in list order; base URLs from --probe-url over the probe variable; a throwing or hanging probe is unknown', async () => {
    const lambda = await serveEmulator(new LambdaEmulator({ apiKeys: [CANARY.lambda] }));
    try {
      const throwing: Probe = { service: 'throws', keys: ['x:y'], baseUrlEnv: 'UNUSED_URL', run: async () => { throw new TypeError(`boom ${CANARY.lambda}`); } };
      const hanging: Probe = { service: 'hangs', keys: ['x:y'], baseUrlEnv: 'UNUSED_URL', run: () => new Promise(() => {}) };
      const results = await runProbes([lambdaLabsProbe, throwing, hanging], { 'lambda-labs:apiKey': CANARY.lambda }, {
        timeoutMs: TIMEOUT_MS,
        env: { LAMBDA_API_URL: 'http://127.0.0.1:1' },
        baseUrls: { 'lambda-labs': lambda.url },
      });
      expect(results.map((r) => [r.service, r.readiness])).toEqual([['lambda-labs', 'verified'], ['throws', 'unknown'], ['hangs', 'unknown']]);
      expect(results[1]!.detail).toBe('the probe failed (TypeError)');
      expect(results[2]!.detail).toBe(`timed out after ${TIMEOUT_MS} ms`);
      expectNoCanary(results);
      const fromEnv = await runProbes([lambdaLabsProbe], { 'lambda-labs:apiKey': CANARY.lambda }, { timeoutMs: TIMEOUT_MS, env: { LAMBDA_API_URL: lambda.url } });
      expect(fromEnv[0]!.readiness).toBe('verified');
    } finally {
      await lambda.close();
    }
  });

  test('every probe has a distinct service and names its base-URL variable', () => {
    expect(new Set(PROBES.map((p) => p.service)).size).toBe(PROBES.length);
    for (const p of PROBES) expect(p.baseUrlEnv).toMatch(/^[A-Z_]+_URL$/);
  });
});
