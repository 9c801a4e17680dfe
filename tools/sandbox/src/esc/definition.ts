/**
 * Environment definitions as the service stores them: YAML checked for its three top-level keys and known
 * `fn::` builtins, plaintext `fn::secret` values replaced by `{ciphertext}` on write (never stored in
 * plaintext), decrypted again for `/decrypt` and for open. The emulator's ciphertext is reversible base64 of a
 * marked plaintext, not encryption: tests assert that plaintext is absent, and only the emulator reads it back.
 */
import YAML, { isMap, isScalar, isSeq } from 'yaml';
import { badRequest, type Diagnostic } from './errors';

const CIPHER_PREFIX = 'esc-emulator-v1:';
const TOP_LEVEL = new Set(['description', 'imports', 'values']);
/** The builtins pulumi/esc `ast/expr.go` parses; any other `fn::` key is an error. */
export const KNOWN_FNS = new Set([
  'fn::concat', 'fn::final', 'fn::validate', 'fn::fromJSON', 'fn::fromBase64', 'fn::join', 'fn::open', 'fn::rotate',
  'fn::secret', 'fn::split', 'fn::toBase64', 'fn::toJSON', 'fn::toString',
]);
export const isKnownFn = (k: string) => KNOWN_FNS.has(k) || /^fn::(open|rotate)::[A-Za-z0-9_-]+$/.test(k);

/** The spec's name patterns (ProjectName, EnvName). */
const PROJECT_NAME = /^(?!(\.|\.\.|default))[a-zA-Z0-9-_.]+$/;
const ENV_NAME = /^(?!(\.|\.\.|open|yaml))[a-zA-Z0-9-_.]+$/;

export function emulatorCiphertext(plaintext: string): string {
  return Buffer.from(CIPHER_PREFIX + plaintext, 'utf8').toString('base64');
}

/** The plaintext of emulator ciphertext (other ciphertext is returned decoded as-is). */
export function decryptCiphertext(ciphertext: string): string {
  const plain = Buffer.from(ciphertext, 'base64').toString('utf8');
  return plain.startsWith(CIPHER_PREFIX) ? plain.slice(CIPHER_PREFIX.length) : plain;
}

export function validNames(body: { project?: unknown; name?: unknown }): { project: string; name: string } {
  const okLength = (s: unknown): s is string => typeof s === 'string' && s.length >= 1 && s.length <= 100;
  if (!okLength(body.project) || !PROJECT_NAME.test(body.project) || !okLength(body.name) || !ENV_NAME.test(body.name)) {
    throw badRequest('project and name must contain only alphanumerics, -, _ and . (1-100 characters; a project may not start with "default", a name not with "open" or "yaml")');
  }
  return { project: body.project, name: body.name };
}

/** Checks a definition and replaces plaintext `fn::secret` values by `{ciphertext}`. */
export function encryptDefinition(text: string): string | { diagnostics: Diagnostic[] } {
  const doc = YAML.parseDocument(text);
  if (doc.errors.length) return { diagnostics: doc.errors.map((e) => ({ summary: e.message.split('\n')[0]! })) };
  const diagnostics: Diagnostic[] = [];
  const root = doc.contents;
  if (root !== null && !isMap(root)) return { diagnostics: [{ summary: 'the environment definition must be a mapping' }] };
  if (isMap(root)) {
    for (const pair of root.items) {
      const k = isScalar(pair.key) ? String(pair.key.value) : '?';
      if (!TOP_LEVEL.has(k)) diagnostics.push({ summary: `unknown top-level key "${k}" (expected description, imports, values)`, path: k });
      if (k === 'imports' && pair.value !== null && !isSeq(pair.value)) diagnostics.push({ summary: 'imports must be a list', path: 'imports' });
    }
  }
  YAML.visit(doc, {
    Pair(_, pair) {
      const k = isScalar(pair.key) ? String(pair.key.value) : '';
      if (k.startsWith('fn::') && !isKnownFn(k)) diagnostics.push({ summary: `'fn::' is a reserved prefix: unknown function "${k}"` });
    },
    Map(_, map) {
      if (map.items.length !== 1) return;
      const pair = map.items[0]!;
      if (!isScalar(pair.key) || pair.key.value !== 'fn::secret') return;
      if (isScalar(pair.value) && typeof pair.value.value === 'string') {
        pair.value = doc.createNode({ ciphertext: emulatorCiphertext(pair.value.value) });
      } else if (!(isMap(pair.value) && pair.value.items.length === 1 && isScalar(pair.value.items[0]!.key) && pair.value.items[0]!.key.value === 'ciphertext')) {
        diagnostics.push({ summary: 'fn::secret must be a string or {ciphertext: …}' });
      }
      return YAML.visit.SKIP;
    },
  });
  return diagnostics.length ? { diagnostics } : doc.toString({ lineWidth: 0 });
}

/** The definition with `fn::secret` plaintext (what `/decrypt` answers). */
export function decryptDefinition(text: string): string {
  const doc = YAML.parseDocument(text);
  YAML.visit(doc, {
    Map(_, map) {
      const pair = map.items[0];
      if (map.items.length !== 1 || !isScalar(pair?.key) || pair.key.value !== 'fn::secret' || !isMap(pair.value)) return;
      const c = pair.value.get('ciphertext');
      if (typeof c === 'string') pair.value = doc.createNode(decryptCiphertext(c));
      return YAML.visit.SKIP;
    },
  });
  return doc.toString({ lineWidth: 0 });
}

/** ESC's open `duration` (Go duration syntax, default 1h) in milliseconds. */
export function durationMs(raw: string | null): number {
  if (raw === null || raw === '') return 3_600_000;
  const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const parts = [...raw.matchAll(/(\d*\.\d+|\d+)(ns|us|µs|ms|s|m|h)/g)];
  if (!parts.length || parts.map((p) => p[0]).join('') !== raw) throw badRequest(`invalid duration "${raw}" (e.g. 300ms, 1.5h, 2h45m)`);
  const ms = parts.reduce((sum, p) => sum + Number(p[1]) * unit[p[2]!]!, 0);
  if (ms <= 0) throw badRequest('duration must be positive');
  return ms;
}
