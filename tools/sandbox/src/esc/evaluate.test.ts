import { emulatorCiphertext } from './definition';
import { EvalError, evaluateEnvironment, parsePath, plain, type EnvironmentSource } from './evaluate';

const source = (envs: Record<string, unknown>): EnvironmentSource => ({
  org: 'sophia-ai',
  login: 'someone',
  definition: (project, name, revision) => envs[`${project}/${name}${revision ? `@${revision}` : ''}`],
});
const open = (envs: Record<string, unknown>, name = 'p/root') => {
  const props = evaluateEnvironment(source(envs), ...(name.split('/') as [string, string]));
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, plain(v)]));
};
const diagnostic = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    if (err instanceof EvalError) return err.diagnostic.summary;
    throw err;
  }
  return undefined;
};

test.each([
  ['a', ['a']],
  ['a.b_c', ['a', 'b_c']],
  ['["lambda-labs"].apiKey', ['lambda-labs', 'apiKey']],
  ['pulumiConfig["github:token"]', ['pulumiConfig', 'github:token']],
  ['list[2].x', ['list', 2, 'x']],
  ['["with \\"quote"]', ['with "quote']],
])('parsePath(%s)', (text, segments) => {
  expect(parsePath(text)).toEqual(segments);
});

test.each(['', '.a', 'a..b', 'a[', 'a["x]', 'a b'])('parsePath(%j) is a diagnostic', (text) => {
  expect(diagnostic(() => parsePath(text))).toMatch(/property path/);
});

test('secretness: fn::secret (plaintext or ciphertext) is secret and carries through builtins and interpolation', () => {
  const envs = {
    'p/root': {
      values: {
        a: { 'fn::secret': { ciphertext: emulatorCiphertext('s1') } },
        b: { 'fn::secret': 'plain-s2' },
        both: '${a}+${b}',
        parts: { 'fn::split': ['+', '${both}'] },
        parsed: { 'fn::fromJSON': '{"k": "v"}' },
        listed: { 'fn::concat': [[1], [2, 3]] },
        checked: { 'fn::validate': { schema: { type: 'string' }, value: 'ok' } },
        fin: { 'fn::final': 'f' },
        decoded: { 'fn::fromBase64': Buffer.from('hi').toString('base64') },
        text: { 'fn::toString': 42 },
      },
    },
  };
  const props = evaluateEnvironment(source(envs), 'p', 'root');
  expect(props.a).toEqual({ value: 's1', secret: true });
  expect(props.both).toEqual({ value: 's1+plain-s2', secret: true });
  expect(props.parts!.value).toEqual([{ value: 's1', secret: true }, { value: 'plain-s2', secret: true }]);
  expect(open(envs)).toMatchObject({ parsed: { k: 'v' }, listed: [1, 2, 3], checked: 'ok', fin: 'f', decoded: 'hi', text: '42' });
  expect(props.parsed!.secret).toBe(false);
});

test('imports: the imported environment evaluates its own references (early-bound); unknown and pinned revisions', () => {
  const envs = {
    'p/lib': { values: { name: 'lib', label: 'from ${name}' } },
    'p/lib@1': { values: { name: 'old' } },
    'p/root': { imports: ['p/lib'], values: { name: 'root', same: '${label}' } },
    'p/pinned': { imports: ['p/lib@1'], values: {} },
    'p/legacy': { imports: ['shared'], values: {} },
    'default/shared': { values: { legacy: true } },
  };
  expect(open(envs)).toEqual({ name: 'root', label: 'from lib', same: 'from lib' });
  expect(open(envs, 'p/pinned')).toEqual({ name: 'old' });
  expect(open(envs, 'p/legacy')).toEqual({ legacy: true });
  expect(diagnostic(() => open({ 'p/root': { imports: ['p/lib@9'] } }))).toMatch(/unknown environment "p\/lib@9"/);
  expect(diagnostic(() => open({ 'p/root': { imports: [{ x: 1, y: 2 }] } }))).toMatch(/an import is a name/);
});

test('references into lists and through evaluated values; a reference past a scalar is unknown', () => {
  const envs = { 'p/root': { values: { list: ['a', { b: 'c' }], obj: '${list[1]}', deep: '${obj.b}', bad: '${list[0].x}' } } };
  expect(diagnostic(() => open(envs))).toMatch(/unknown property list\[0\]\.x/);
  delete (envs['p/root'].values as Record<string, unknown>).bad;
  expect(open(envs)).toEqual({ list: ['a', { b: 'c' }], obj: { b: 'c' }, deep: 'c' });
});
