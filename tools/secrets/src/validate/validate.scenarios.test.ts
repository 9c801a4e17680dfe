/*
 * `sophia-secrets validate` end to end: the ESC emulator (Pulumi Cloud store) holds `secrets-<env>` and the
 * service environments as stacks/esc lays them out (each `<service>-<env>` imports the secrets and references
 * them from pulumiConfig; settings from each stack's local sample), the probes call the sandbox emulators. Every
 * credential is a canary, asserted absent from stdout, stderr and the JSON.
 */
import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import YAML from 'yaml';
import { escKeyLocation, type Namespace } from '@sophia-ai/config';
import { EscEmulator, GithubEmulator, LambdaEmulator, type RunningEmulator, serveEmulator } from '@sophia-ai/sandbox';
import { EstuaryEmulator, encodeRefreshToken } from '@sophia-ai/sandbox/src/estuary/emulator';
import { PortkeyEmulator } from '@sophia-ai/sandbox/src/portkey/emulator';
import { main } from '../cli';
import { workspaceNamespaces } from '../manifest';
import { inEsc } from './checks';

const WORKSPACE_ROOT = path.resolve(__dirname, '../../../..');
const ORG = 'sophia-ai';
const ESC_TOKEN = 'pul-validate-canary-token-71c4e9';
const ESTUARY = { id: 'e7c2a9d4b1f35068', secret: 'canary_estuary_validate_Qm4Zt8Xv2Lp6' };
const SECRETS: Record<string, string> = {
  'lambda-labs:apiKey': 'canary_lambda_validate_Wk3Rn8Tz5Qb1Lm7X',
  'portkey:apiKey': 'canary_portkey_validate_Gh2Vc9Pj4Ys6Nd1F',
  'github:token': 'ghp_CanaryValidateToken5Lr8Qw2Zx7Kt4MbJ9',
  'estuary:refreshToken': encodeRefreshToken(ESTUARY),
  'snowflake:adminPrivateKey': generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  'portkey:integrationKeys': JSON.stringify({ openai: 'canary_openai_validate_Jp5Xw2Lq8Vn3', anthropic: 'canary_anthropic_validate_Tz6Hb1Kd9Ms4' }),
  'estuary:endpointSecrets': JSON.stringify({ 'sources/postgres': { '/password': 'canary_pg_validate_Rv7Nc3Yw' } }),
};
const CANARIES = [ESC_TOKEN, ESTUARY.secret, ...Object.values(SECRETS), 'canary_openai_validate_Jp5Xw2Lq8Vn3', 'canary_pg_validate_Rv7Nc3Yw', 'MIIEv'];
const MY_PROBES = ['lambda-labs', 'portkey', 'github', 'estuary', 'pulumi'];

interface World {
  esc: EscEmulator;
  servers: Record<string, RunningEmulator>;
  close(): Promise<void>;
}

let w: World;

beforeAll(async () => {
  const esc = new EscEmulator({ tokens: [ESC_TOKEN] });
  const servers: Record<string, RunningEmulator> = {
    pulumi: await serveEmulator(esc),
    'lambda-labs': await serveEmulator(new LambdaEmulator({ apiKeys: [SECRETS['lambda-labs:apiKey']!] })),
    portkey: await serveEmulator(new PortkeyEmulator({ apiKeys: [SECRETS['portkey:apiKey']!] })),
    github: await serveEmulator(new GithubEmulator({ tokens: [SECRETS['github:token']!] })),
    estuary: await serveEmulator(new EstuaryEmulator({ refreshTokens: [ESTUARY] })),
  };
  w = { esc, servers, close: async () => void (await Promise.all(Object.values(servers).map((s) => s.close()))) };
});
afterAll(() => w.close());
beforeEach(() => {
  w.esc.reset();
  for (const s of Object.values(w.servers)) {
    s.faults.clear();
    s.requests.length = 0;
  }
});

/** Each stack's local sample settings (stacks/<s>/Pulumi.local.yaml), the canaries for every secret-sync key. */
function fixtureValues(ns: Namespace): Record<string, unknown> {
  const sample = YAML.parse(fs.readFileSync(path.join(WORKSPACE_ROOT, 'stacks', ns.name, 'Pulumi.local.yaml'), 'utf8')).config as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(ns.keys)) {
    const full = `${ns.name}:${key}`;
    if (spec.owner === 'secrets-sync') {
      if (SECRETS[full] !== undefined) out[key] = SECRETS[full];
    } else if (sample[full] !== undefined && full !== 'portkey:apiUrl') out[key] = sample[full];
  }
  return out;
}

/**
 * Seeds `secrets-<env>` and every `<service>-<env>` the way stacks/esc and the sync lay them out; `edit` changes a
 * value first (`undefined` removes it).
 */
function seed(env: string, edit: Record<string, unknown> = {}, unexposed: string[] = []) {
  const secrets: Record<string, unknown> = {};
  for (const ns of inEsc(workspaceNamespaces())) {
    const values = { ...fixtureValues(ns) };
    for (const [full, v] of Object.entries(edit)) if (full.startsWith(`${ns.name}:`)) values[full.slice(ns.name.length + 1)] = v;
    const service: Record<string, unknown> = {};
    for (const [key, spec] of Object.entries(ns.keys)) {
      // Where escKeyLocation says: required sync-owned secrets under secrets-<env>'s `<service>.<key>`, referenced
      // by the service environment; optional ones (and rotation records) in secrets-<env>'s own pulumiConfig.
      const loc = escKeyLocation(ns, key, env, ORG);
      const inSecrets = loc.env.name === `secrets-${env}`;
      if (values[key] !== undefined) setIn(inSecrets ? secrets : service, loc.path.slice(1), spec.secret ? { 'fn::secret': values[key] } : values[key]);
      if (loc.reference && !unexposed.includes(`${ns.name}:${key}`)) setIn(service, loc.reference.path.slice(1), loc.reference.expression);
    }
    w.esc.seed(ORG, 'sophia-ai', `${ns.name}-${env}`, YAML.stringify({ imports: [`sophia-ai/secrets-${env}`], values: service }));
  }
  w.esc.seed(ORG, 'sophia-ai', `secrets-${env}`, YAML.stringify({ values: secrets }));
}

function setIn(target: Record<string, unknown>, path: string[], value: unknown) {
  let at = target;
  for (const seg of path.slice(0, -1)) at = (at[seg] ??= {}) as Record<string, unknown>;
  at[path[path.length - 1]!] = value;
}

interface Run {
  code: number;
  out: string;
  err: string;
}

async function validate(args: string[], env = 'dev', token = ESC_TOKEN): Promise<Run> {
  const saved = { ...process.env };
  Object.assign(process.env, { ESC_API_URL: w.servers.pulumi!.url, PULUMI_ACCESS_TOKEN: token, SOPHIA_PULUMI_ORG: ORG, ESTUARY_AGENT_URL: w.servers.estuary!.url });
  const out: string[] = [];
  const err: string[] = [];
  try {
    const urls = Object.entries(w.servers).filter(([s]) => s !== 'pulumi').flatMap(([s, srv]) => ['--probe-url', `${s}=${srv.url}`]);
    const probes = args.includes('--no-probes') ? [] : MY_PROBES.flatMap((p) => ['--probe', p]);
    const code = await main(['validate', '--env', env, '--store', 'pulumi-cloud', '--timeout-ms', '2000', ...urls, ...probes, ...args], { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

function expectNoCanary(run: Run) {
  for (const c of CANARIES) {
    expect(run.out).not.toContain(c);
    expect(run.err).not.toContain(c);
  }
}

const jsonOf = (run: Run) => run.out.split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
const keyLine = (run: Run, key: string) => jsonOf(run).find((l) => l.type === 'key' && l.key === key)!;
const probeLine = (run: Run, service: string) => jsonOf(run).find((l) => l.type === 'probe' && l.service === service)!;

test('a complete environment: every key ok, every probe verified, exit 0; table and JSON name keys, never values', async () => {
  seed('dev');
  const table = await validate([]);
  expect(table.err).toBe('');
  expect(table.code).toBe(0);
  expect(table.out).toMatch(/^KEY +LOCATION +PRESENCE +SHAPE +PLACEHOLDER +SEVERITY$/m);
  expect(table.out).toMatch(/^lambda-labs:apiKey +sophia-ai\/secrets-dev values\["lambda-labs"\]\.apiKey \(GitHub secret LAMBDA_API_KEY\) +present +ok +no +ok$/m);
  for (const s of MY_PROBES) expect(table.out).toMatch(new RegExp(`^${s} +verified `, 'm'));
  expect(table.out).toMatch(/dev: \d+ keys — 0 error, 0 warning, \d+ ok; probes — 5 verified, 0 invalid, 0 unknown/);
  expectNoCanary(table);

  const json = await validate(['--json']);
  expect(json.code).toBe(0);
  expect(keyLine(json, 'github:token')).toMatchObject({ env: 'dev', presence: 'present', severity: 'ok', githubSecret: 'SOPHIA_GITHUB_ADMIN_TOKEN', location: 'sophia-ai/secrets-dev values.github.token' });
  expect(probeLine(json, 'pulumi')).toMatchObject({ readiness: 'verified', call: 'GET /api/user', keys: ['env:PULUMI_ACCESS_TOKEN'] });
  expect(jsonOf(json).at(-1)).toMatchObject({ type: 'summary', exitCode: 0, readiness: { verified: 5, invalid: 0, unknown: 0 } });
  expectNoCanary(json);
});

test('every kind of problem at once: missing, wrong shape, placeholder, a refused key, an environment ESC cannot open — exit 1', async () => {
  seed('dev', { 'lambda-labs:apiKey': undefined, 'lambda-labs:instanceCount': 99, 'github:token': 'your-github-token-here', 'portkey:apiKey': 'canary_portkey_REVOKED_Bx4Nm7Qz2Kw9' });
  const run = await validate(['--json']);
  expect(run.code).toBe(1);
  // lambda-labs-dev references a secret that is gone: ESC cannot open it, and the row says which value is missing.
  expect(jsonOf(run).filter((l) => l.type === 'problem').map((l) => l.message)).toEqual([expect.stringMatching(/^ESC cannot open sophia-ai\/lambda-labs-dev: unknown property/)]);
  expect(keyLine(run, 'lambda-labs:apiKey')).toMatchObject({ presence: 'missing', severity: 'error' });
  expect(keyLine(run, 'lambda-labs:instanceCount')).toMatchObject({ presence: 'present', shapeProblem: 'must be between 1 and 8', severity: 'error' });
  expect(keyLine(run, 'github:token')).toMatchObject({ placeholder: 'contains placeholder wording', severity: 'warning' });
  expect(probeLine(run, 'portkey')).toMatchObject({ readiness: 'invalid' });
  expect(probeLine(run, 'lambda-labs')).toMatchObject({ readiness: 'unknown', detail: 'not tried: lambda-labs:apiKey has no value' });
  expect(probeLine(run, 'github')).toMatchObject({ readiness: 'invalid' });
  expect(probeLine(run, 'estuary')).toMatchObject({ readiness: 'verified' });
  expect(run.out).not.toContain('your-github-token-here');
  expect(run.out).not.toContain('REVOKED');
  expectNoCanary(run);

  const table = await validate([]);
  expect(table.code).toBe(1);
  expect(table.out).toMatch(/^error: ESC cannot open sophia-ai\/lambda-labs-dev/m);
  expect(table.out).not.toContain('your-github-token-here');
  expectNoCanary(table);
});

test('a secret in secrets-<env> that its service environment does not expose is an error saying so (the stack cannot read it)', async () => {
  seed('dev', {}, ['portkey:apiKey']);
  const run = await validate(['--json', '--no-probes']);
  expect(run.code).toBe(1);
  expect(keyLine(run, 'portkey:apiKey')).toMatchObject({
    presence: 'present',
    severity: 'error',
    shapeProblem: 'is in sophia-ai/secrets-dev, but sophia-ai/portkey-dev does not expose it as values.pulumiConfig["portkey:apiKey"]: the stack cannot read it (deploy stacks/esc)',
  });
  expect(jsonOf(run).filter((l) => l.type === 'key' && l.severity !== 'ok').map((l) => l.key)).toEqual(['portkey:apiKey']);
  expectNoCanary(run);
});

test('production refuses a placeholder that dev only warns about (static checks alone: --no-probes)', async () => {
  seed('dev', { 'estuary:tenant': 'TODO' });
  seed('production', { 'estuary:tenant': 'TODO' });
  const dev = await validate(['--no-probes', '--json'], 'dev');
  expect(keyLine(dev, 'estuary:tenant')).toMatchObject({ placeholder: 'is a well-known placeholder word', severity: 'warning' });
  expect(dev.code).toBe(3);
  const production = await validate(['--no-probes', '--json'], 'production');
  expect(keyLine(production, 'estuary:tenant')).toMatchObject({ placeholder: 'is a well-known placeholder word', severity: 'error', location: 'sophia-ai/estuary-production values.pulumiConfig["estuary:tenant"]' });
  expect(production.code).toBe(1);
  expect(jsonOf(production).filter((l) => l.type === 'probe')).toEqual([]);
  // --no-probes calls no service.
  for (const s of MY_PROBES.filter((x) => x !== 'pulumi')) expect(w.servers[s]!.requests).toHaveLength(0);
});

test('a probe that cannot tell (503, timeout) is unknown: exit 3, never 0', async () => {
  seed('dev');
  w.servers['lambda-labs']!.faults.serverError({ next: 1, status: 503, path: '/api/v1/instance-types' });
  w.servers.github!.faults.delayBeforeHandle({ next: 1, ms: 3000, path: '/user' });
  const run = await validate(['--json']);
  expect(probeLine(run, 'lambda-labs')).toMatchObject({ readiness: 'unknown', detail: expect.stringMatching(/^HTTP 503/) });
  expect(probeLine(run, 'github')).toMatchObject({ readiness: 'unknown', detail: 'timed out after 2000 ms' });
  expect(run.code).toBe(3);
  expectNoCanary(run);
});

test('ESC refusing the token is one line on stderr, exit 1, no stack, no value', async () => {
  seed('dev');
  const run = await validate([], 'dev', 'pul-wrong-token-7a1b2c3d');
  expect(run.code).toBe(1);
  expect(run.err).toMatch(/^sophia-secrets: error: ESC .*access denied \(401\)/);
  expect(run.err.split('\n')).toHaveLength(1);
  expect(run.err).not.toContain('pul-wrong-token-7a1b2c3d');
  expect(run.out).toBe('');
});

test('day one, nothing created yet: each missing environment said once, every required key missing, exit 1', async () => {
  const run = await validate(['--json', '--no-probes']);
  expect(run.code).toBe(1);
  const problems = jsonOf(run).filter((l) => l.type === 'problem').map((l) => l.message);
  expect(problems).toContain(`ESC environment sophia-ai/lambda-labs-dev does not exist in pulumi-cloud:${w.servers.pulumi!.url} (stacks/esc creates it: npx nx run esc:up --env dev)`);
  expect(problems.filter((p) => /sophia-ai\/secrets-dev does not exist/.test(String(p)))).toHaveLength(1);
  expect(problems).toHaveLength(new Set(problems).size);
  expect(keyLine(run, 'lambda-labs:apiKey')).toMatchObject({ presence: 'missing', severity: 'error' });
});

test('bad flags are usage errors (64) naming the flag', async () => {
  for (const args of [['--probe', 'nosuch'], ['--probe-url', 'lambda-labs=ftp://x'], ['--timeout-ms', '0']]) {
    const run = await validate(args);
    expect(run.code).toBe(64);
    expect(run.err).toMatch(/error: option '--(probe|probe-url|timeout-ms)/);
  }
});

test('the local store: each key read where it is written (secrets in secrets-<env>), the same rows', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'validate-local-'));
  try {
    fs.mkdirSync(path.join(dir, 'sophia-ai'));
    const secrets: Record<string, Record<string, unknown>> = {};
    for (const ns of inEsc(workspaceNamespaces())) {
      const pulumiConfig: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(fixtureValues(ns))) {
        if (ns.keys[key]!.owner === 'secrets-sync') (secrets[ns.name] ??= {})[key] = { 'fn::secret': value };
        else pulumiConfig[`${ns.name}:${key}`] = value;
      }
      // A reference the local store cannot evaluate: the secrets are read from secrets-dev instead.
      pulumiConfig['lambda-labs:apiKey'] = '${["lambda-labs"].apiKey}';
      fs.writeFileSync(path.join(dir, 'sophia-ai', `${ns.name}-dev.yaml`), YAML.stringify({ imports: ['sophia-ai/secrets-dev'], values: { pulumiConfig } }));
    }
    delete secrets.github!.token;
    fs.writeFileSync(path.join(dir, 'sophia-ai', 'secrets-dev.yaml'), YAML.stringify({ values: secrets }));
    const out: string[] = [];
    const code = await main(['validate', '--env', 'dev', '--store', 'local', '--dir', dir, '--no-probes', '--json'], { out: (l) => out.push(l), err: (l) => out.push(l) });
    const run = { code, out: out.join('\n'), err: '' };
    expect(code).toBe(1);
    expect(keyLine(run, 'github:token')).toMatchObject({ presence: 'missing', severity: 'error', location: 'sophia-ai/secrets-dev values.github.token' });
    expect(keyLine(run, 'lambda-labs:apiKey')).toMatchObject({ presence: 'present', severity: 'ok' });
    expect(jsonOf(run).filter((l) => l.type === 'key' && l.severity !== 'ok').map((l) => l.key)).toEqual(['github:token']);
    expectNoCanary(run);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
