import type { z } from 'zod';
import { ExpectedError } from '@sophia-ai/policy';
import type { Namespace, PlainValues } from './define';
import { configKey } from './define';
import { whereItBelongs } from './key-location';
import { placeholderReason } from './placeholders';
import { closestName } from './suggest';

type Schema = Namespace['keys'][string]['schema'];

export type ProblemKind = 'missing' | 'invalid' | 'placeholder' | 'unknown' | 'plaintext';

/** One thing wrong with one key. `message` never contains the value. */
export interface ConfigProblem {
  key: string;
  configKey: string;
  kind: ProblemKind;
  message: string;
  /** Where the value belongs (ESC environment or local sample file). */
  belongsIn: string;
}

/** All problems of a namespace at once, so a user fixes everything in one pass. */
export class ConfigError extends ExpectedError {
  constructor(
    readonly namespace: string,
    readonly env: string,
    readonly problems: ConfigProblem[],
  ) {
    super(
      `Configuration of ${namespace} for environment "${env}" has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((p) => `  - ${p.configKey}: ${p.message}; it belongs in ${p.belongsIn}`).join('\n'),
    );
  }
}

function tryParse(schema: Schema, raw: string) {
  const direct = schema.safeParse(raw);
  if (direct.success) return direct;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return direct;
  }
  const parsed = schema.safeParse(json);
  // Config holds every value as a string. When the string itself is the wrong type ("expected number, received
  // string"), the JSON reading's verdict (e.g. "must be at most 8") is the real one; when the string was the right
  // type but wrong shape (too short, bad pattern), the direct verdict is.
  const directIsTypeOnly = direct.error.issues.every((i) => i.code === 'invalid_type' && i.path.length === 0);
  return parsed.success || directIsTypeOnly ? parsed : direct;
}

/** The declared bounds of a number schema (through `.default()` / `.optional()`), if it has both. */
function numberRange(schema: Schema): { min: number; max: number } | undefined {
  let inner = (schema as unknown as { _zod: ZodInternals })._zod;
  while (inner.def.innerType) inner = inner.def.innerType._zod;
  const { minimum, maximum } = inner.bag ?? {};
  const declared = (n: unknown): n is number => typeof n === 'number' && Math.abs(n) < Number.MAX_SAFE_INTEGER;
  return declared(minimum) && declared(maximum) ? { min: minimum, max: maximum } : undefined;
}
interface ZodInternals {
  def: { innerType?: { _zod: ZodInternals } };
  bag?: { minimum?: unknown; maximum?: unknown };
}

/** One zod issue as text: where inside the value, and what was expected (never the value itself). */
function describeIssue(issue: z.core.$ZodIssue, schema?: Schema): string {
  const where = issue.path.length ? issue.path.join('.') + ': ' : '';
  let message = issue.message;
  const range = schema && issue.path.length === 0 ? numberRange(schema) : undefined;
  if ((issue.code === 'too_small' || issue.code === 'too_big') && issue.origin === 'number' && range) {
    message = `must be between ${range.min} and ${range.max}`;
  } else if (issue.code === 'too_small' && issue.origin === 'number') {
    message = `must be ${issue.inclusive ? 'at least' : 'greater than'} ${issue.minimum}`;
  } else if (issue.code === 'too_big' && issue.origin === 'number') {
    message = `must be ${issue.inclusive ? 'at most' : 'less than'} ${issue.maximum}`;
  } else if (issue.code === 'invalid_key' && issue.issues.length) {
    // "Invalid key in record" says nothing about what a key may look like.
    message = `invalid key: ${issue.issues.map((i) => describeIssue(i)).join('; ')}`;
  } else if (issue.code === 'invalid_format' && issue.format === 'regex' && 'pattern' in issue && /^Invalid string/.test(message)) {
    message = `must match ${String(issue.pattern)}`;
  }
  return where + message;
}

/**
 * Keys set in the namespace's own `<name>:` prefix that it does not declare: a typo (`regoin`) would otherwise be
 * ignored silently and the default used. Other prefixes (providers, other stacks) are not ours to judge.
 */
function unknownKeys(ns: Namespace, present: Iterable<string>, env: string): ConfigProblem[] {
  const declared = Object.keys(ns.keys);
  const problems: ConfigProblem[] = [];
  for (const full of present) {
    if (!full.startsWith(`${ns.name}:`)) continue;
    const key = full.slice(ns.name.length + 1);
    if (Object.hasOwn(ns.keys, key)) continue;
    const hint = closestName(key, declared);
    problems.push({
      key,
      configKey: full,
      kind: 'unknown',
      message: hint ? `unknown key (did you mean ${configKey(ns, hint)}?)` : `unknown key; ${ns.name} declares ${declared.join(', ')}`,
      belongsIn: hint ? whereItBelongs(ns, hint, env) : `stacks/${ns.name}/config/index.ts (declare a new setting there first)`,
    });
  }
  return problems;
}

/**
 * Validates raw config strings (as Pulumi config holds them) against a namespace. Pure: no Pulumi, no I/O.
 * Returns typed plain values, or every problem found.
 */
export function validateConfig<NS extends Namespace>(
  ns: NS,
  raw: (configKey: string) => string | undefined,
  env: string,
  opts: {
    presentKeys?: Iterable<string>;
    /**
     * Whether the engine holds a config key as a secret. Given, a secret key set in plain text is a problem outside
     * `local` (whose sample file holds sandbox-only keys): the engine stores every plain config value verbatim in
     * the state, in the dynamic providers' default-provider inputs.
     */
    isSecret?: (configKey: string) => boolean;
  } = {},
): { ok: true; values: PlainValues<NS> } | { ok: false; problems: ConfigProblem[] } {
  const values: Record<string, unknown> = {};
  const problems: ConfigProblem[] = [];
  problems.push(...unknownKeys(ns, opts.presentKeys ?? [], env));
  for (const [key, spec] of Object.entries(ns.keys)) {
    const full = configKey(ns, key);
    const problem = (kind: ProblemKind, message: string) =>
      problems.push({ key, configKey: full, kind, message, belongsIn: whereItBelongs(ns, key, env) });
    const value = raw(full);
    if (value === undefined) {
      const fallback = spec.schema.safeParse(undefined);
      if (fallback.success) values[key] = fallback.data;
      else if (spec.optional) values[key] = undefined;
      else problem('missing', `missing (${spec.secret ? 'secret' : 'setting'}: ${spec.description})`);
      continue;
    }
    const kind = spec.kind ?? (spec.secret ? 'key' : 'text');
    if (kind !== 'none' && typeof value === 'string') {
      const reason = placeholderReason(value, kind);
      if (reason) {
        problem('placeholder', `looks like a placeholder: it ${reason}`);
        continue;
      }
    }
    if (spec.secret && env !== 'local' && opts.isSecret && !opts.isSecret(full)) {
      problem('plaintext', 'is set in plain text, so the state would hold it unencrypted: make it a secret (fn::secret in ESC, or pulumi config set --secret)');
      continue;
    }
    const parsed = tryParse(spec.schema, value);
    if (!parsed.success) {
      // zod messages describe the expectation, not the value; paths point inside structured values.
      const detail = parsed.error.issues.map((i) => describeIssue(i, spec.schema)).join('; ');
      problem('invalid', `invalid: ${detail}`);
      continue;
    }
    values[key] = parsed.data;
  }
  return problems.length ? { ok: false, problems } : { ok: true, values: values as PlainValues<NS> };
}
