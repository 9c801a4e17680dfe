import { z } from 'zod';
import { defineNamespace, type Namespace } from '@sophia-ai/config';
import { workspaceNamespaces } from '../manifest';
import { checkKeys, type ReadValue } from './checks';

const demo = defineNamespace('demo', {
  apiKey: { schema: z.string().min(16), secret: true, kind: 'key', owner: 'secrets-sync', githubSecret: 'DEMO_API_KEY', description: 'the vendor API key' },
  region: { schema: z.enum(['us-east-1', 'us-west-2']), owner: 'esc-stack', description: 'where' },
  count: { schema: z.number().int().min(1).max(8), owner: 'esc-stack', kind: 'none', description: 'how many' },
  label: { schema: z.string().optional(), optional: true, owner: 'esc-stack', description: 'a label' },
  retries: { schema: z.number().int().default(3), owner: 'esc-stack', kind: 'none', description: 'attempts' },
});
const ownFile = defineNamespace('selfish', { flag: { schema: z.boolean(), owner: 'esc-stack', kind: 'none', description: 'x' } }, { source: 'stack-file' });

const KEY = 'canary_demo_key_T7mQ2xL9vB4nR8kW';
const GOOD: Record<string, string> = { 'demo:apiKey': KEY, 'demo:region': 'us-west-2', 'demo:count': '2' };

const reader =
  (values: Record<string, string | ReadValue>) =>
  (ns: Namespace, key: string): ReadValue => {
    const v = values[`${ns.name}:${key}`];
    if (v === undefined) return { present: false };
    return typeof v === 'string' ? { present: true, value: v } : v;
  };
const check = (values: Record<string, string | ReadValue>, env = 'dev', namespaces: Namespace[] = [demo]) => checkKeys(namespaces, env, reader(values));
const row = (rows: ReturnType<typeof check>, key: string) => rows.find((r) => r.key === key)!;

test('a complete, well-formed environment: every key ok, one row per declared key, where each value belongs', () => {
  const rows = check(GOOD);
  expect(rows.map((r) => [r.key, r.presence, r.severity])).toEqual([
    ['demo:apiKey', 'present', 'ok'],
    ['demo:region', 'present', 'ok'],
    ['demo:count', 'present', 'ok'],
    ['demo:label', 'optional-missing', 'ok'],
    ['demo:retries', 'optional-missing', 'ok'],
  ]);
  expect(row(rows, 'demo:apiKey')).toEqual({ key: 'demo:apiKey', location: 'sophia-ai/secrets-dev values.demo.apiKey', githubSecret: 'DEMO_API_KEY', secret: true, presence: 'present', severity: 'ok' });
  expect(row(rows, 'demo:region')).toMatchObject({ location: 'sophia-ai/demo-dev values.pulumiConfig["demo:region"]', secret: false });
  expect(row(rows, 'demo:region').githubSecret).toBeUndefined();
});

test('missing: a required key is an error in every environment; optional and defaulted keys are not', () => {
  for (const env of ['dev', 'staging', 'production']) {
    const rows = check({ 'demo:region': 'us-east-1', 'demo:count': '1' }, env);
    expect(row(rows, 'demo:apiKey')).toMatchObject({ presence: 'missing', severity: 'error', location: `sophia-ai/secrets-${env} values.demo.apiKey` });
    expect(row(rows, 'demo:label')).toMatchObject({ presence: 'optional-missing', severity: 'ok' });
    expect(row(rows, 'demo:retries')).toMatchObject({ presence: 'optional-missing', severity: 'ok' });
  }
});

test('wrong shape: the schema says what was expected, never the value; an error everywhere', () => {
  const rows = check({ ...GOOD, 'demo:count': '12', 'demo:region': 'eu-central-9' }, 'dev');
  expect(row(rows, 'demo:count')).toMatchObject({ presence: 'present', shapeProblem: 'must be between 1 and 8', severity: 'error' });
  expect(row(rows, 'demo:region').severity).toBe('error');
  expect(row(rows, 'demo:region').shapeProblem).toMatch(/us-east-1/);
  expect(row(rows, 'demo:region').shapeProblem).not.toContain('eu-central-9');
  const short = check({ ...GOOD, 'demo:apiKey': 'Zq8vL2mX9' }, 'dev');
  // A secret under 16 characters: the shared placeholder rules call it too short before the schema does.
  expect(row(short, 'demo:apiKey')).toMatchObject({ placeholder: 'is too short to be a real key (under 16 characters)' });
  expect(JSON.stringify(short)).not.toContain('Zq8vL2mX9');
});

test('an unreadable value (an interpolation the local store cannot evaluate) is a shape error naming the path', () => {
  const rows = check({ ...GOOD, 'demo:apiKey': { present: true, unreadable: 'values.demo.apiKey is an interpolation; the sync moves literal values only' } });
  expect(row(rows, 'demo:apiKey')).toMatchObject({ presence: 'present', severity: 'error', shapeProblem: expect.stringContaining('interpolation') });
});

// One value per family of libs/config's placeholder rules, and the reason each gives (the rules are not repeated here).
const FAMILIES: Array<[string, string]> = [
  ['', 'is empty or only whitespace'],
  ['changeme', 'is a well-known placeholder word'],
  ['TODO', 'is a well-known placeholder word'],
  ['zzzzzzzzzzzzzzzzzzzz', 'is one character repeated'],
  ['sk-xxxxxxxxxxxxxxxxxxxx', 'contains a run of x characters (xxx...)'],
  ['${DEMO_API_KEY}', 'contains an unresolved ${...} template'],
  ['{{ demo_api_key }}', 'contains an unresolved {{...}} template'],
  ['<paste the api key>', 'is an unfilled <...> placeholder'],
  ['$DEMO_API_KEY', 'is an unresolved $VARIABLE reference'],
  ['%DEMO_API_KEY%', 'is an unresolved %VARIABLE% reference'],
  ['@DEMO_API_KEY@', 'is an unresolved @VARIABLE@ reference'],
  ['sk-live-your-api-key-here-now', 'contains placeholder wording'],
  ['AKIAIOSFODNN7EXAMPLE', 'contains placeholder wording'],
  ['abcdefghijklmnopqrstuvwxyz', 'is a sequential run of characters'],
  ['*-*-*-*-*-*-*-*-', 'is a mask (only *, -, _ or . characters)'],
  ['k3y', 'is too short to be a real key (under 16 characters)'],
  ['abababababababababab', 'has too little entropy to be a real key'],
];

test.each(FAMILIES)('placeholder %p: a warning outside production, an error in production, the value never shown', (value, reason) => {
  for (const [env, severity] of [['dev', 'warning'], ['staging', 'warning'], ['production', 'error']] as const) {
    const rows = check({ ...GOOD, 'demo:apiKey': value }, env);
    expect(row(rows, 'demo:apiKey')).toMatchObject({ presence: 'present', placeholder: reason, severity });
    expect(row(rows, 'demo:apiKey').shapeProblem).toBeUndefined();
    if (value.length >= 4) expect(JSON.stringify(rows)).not.toContain(value);
  }
});

test('text settings are held to the placeholder words too (kind text), kind none is not', () => {
  const words = defineNamespace('w', {
    name: { schema: z.string(), owner: 'esc-stack', description: 'a name' },
    raw: { schema: z.string(), owner: 'esc-stack', kind: 'none', description: 'anything' },
  });
  const rows = check({ 'w:name': 'TBD', 'w:raw': 'TBD' }, 'production', [words]);
  expect(row(rows, 'w:name')).toMatchObject({ placeholder: 'is a well-known placeholder word', severity: 'error' });
  expect(row(rows, 'w:raw')).toMatchObject({ severity: 'ok' });
  expect(row(rows, 'w:raw').placeholder).toBeUndefined();
});

test('namespaces read from their own stack file (stacks/esc) are not ESC keys: no rows', () => {
  expect(check(GOOD, 'dev', [demo, ownFile]).map((r) => r.key)).not.toContain('selfish:flag');
});

test('the workspace: one row per key of every ESC namespace; every secret-sync key says its GitHub secret', () => {
  const namespaces = workspaceNamespaces();
  const rows = checkKeys(namespaces, 'production', () => ({ present: false }));
  const expected = namespaces.filter((n) => n.source !== 'stack-file').flatMap((n) => Object.keys(n.keys).map((k) => `${n.name}:${k}`));
  expect(rows.map((r) => r.key)).toEqual(expected);
  expect(rows.map((r) => r.key)).toEqual(expect.arrayContaining(['lambda-labs:apiKey', 'portkey:apiKey', 'github:token', 'estuary:refreshToken', 'snowflake:adminPrivateKey']));
  // (secrets-<env> also holds the rotation records, written by `sophia-secrets rotate`: no GitHub secret.)
  const ownerOf = (key: string) => namespaces.find((n) => n.name === key.split(':')[0])!.keys[key.split(':')[1]!]!.owner;
  for (const r of rows.filter((x) => x.location.includes('/secrets-production ') && ownerOf(x.key) === 'secrets-sync')) expect(r.githubSecret).toMatch(/^[A-Z0-9_]+$/);
});
