/**
 * Opening an environment: the evaluation pulumi/esc does at open time, for what the stacks' definitions use.
 *
 * - `imports` are evaluated first, each in its own environment (references are early-bound), and merged in
 *   order, later imports winning; objects merge key by key, anything else is replaced. The environment's own
 *   `values` then merge over them. `- name: {merge: false}` imports without merging (reachable as
 *   `${imports["name"]…}`); `project/env@<revision>` pins a revision. An import cycle is a diagnostic.
 * - `${path}` references (`a.b`, `["lambda-labs"].apiKey`, `list[0]`) read the merged result: the
 *   environment's own definitions first, then its imports, then `context` (currentEnvironment, rootEnvironment,
 *   pulumi.user, pulumi.organization). A bare reference copies the value (and its secretness); one inside a
 *   longer string interpolates its string form. A reference cycle or an unknown property is a diagnostic.
 * - `fn::secret` values are decrypted and marked secret; secretness carries through interpolation and the
 *   other builtins (`fn::toJSON`, `fn::toString`, `fn::fromJSON`, `fn::toBase64`, `fn::fromBase64`, `fn::join`,
 *   `fn::split`, `fn::concat`, `fn::final`). `fn::validate` yields its value without checking the schema;
 *   `fn::open` and `fn::rotate` (provider calls) are diagnostics: the emulator calls no providers.
 */
import { decryptCiphertext } from './definition';
import type { Diagnostic } from './errors';

/** An evaluated value: a scalar, a list or an object of values, and whether it is secret. */
export interface Val {
  value: null | string | number | boolean | Val[] | { [key: string]: Val };
  secret: boolean;
}

type Segment = string | number;

export class EvalError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.summary);
  }
}

/** What the evaluator needs to know of the organisation's environments. */
export interface EnvironmentSource {
  /** The parsed definition of `project/name` at a revision (latest when undefined), or undefined. */
  definition(project: string, name: string, revision?: string): unknown;
  org: string;
  login: string;
}

const isObject = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);
const isObjectVal = (v: Val | undefined): v is Val & { value: Record<string, Val> } => !!v && isObject(v.value);
const fnKey = (node: unknown) => (isObject(node) && Object.keys(node).length === 1 && Object.keys(node)[0]!.startsWith('fn::') ? Object.keys(node)[0]! : undefined);

export const formatPath = (path: Segment[]) =>
  path.map((s, i) => (typeof s === 'number' ? `[${s}]` : /^[A-Za-z_][A-Za-z0-9_]*$/.test(s) ? `${i ? '.' : ''}${s}` : `["${s}"]`)).join('');

/** `a.b["c-d"][0]` → ['a', 'b', 'c-d', 0]. */
export function parsePath(text: string): Segment[] {
  const out: Segment[] = [];
  // A name (after a dot, but for the first), a quoted key in brackets, or an index in brackets.
  const re = /(?:(^|\.)([A-Za-z_$][A-Za-z0-9_$-]*)|\[\s*"((?:[^"\\]|\\.)*)"\s*\]|\[\s*(\d+)\s*\])/y;
  let i = 0;
  while (i < text.length) {
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m || (i === 0 && m[1] === '.')) throw new EvalError({ summary: `invalid property path "${text}"` });
    out.push(m[2] ?? (m[3] !== undefined ? JSON.parse(`"${m[3]}"`) : Number(m[4])));
    i = re.lastIndex;
  }
  if (!out.length) throw new EvalError({ summary: 'empty property path' });
  return out;
}

export function mergeVal(base: Val | undefined, over: Val): Val {
  if (!isObjectVal(base) || !isObjectVal(over)) return over;
  const value: Record<string, Val> = { ...(base.value as Record<string, Val>) };
  for (const [k, v] of Object.entries(over.value as Record<string, Val>)) value[k] = mergeVal(value[k], v);
  return { value, secret: false };
}

const deepSecret = (v: Val): boolean => v.secret || (Array.isArray(v.value) ? v.value.some(deepSecret) : isObject(v.value) ? Object.values(v.value).some(deepSecret) : false);

/** Plain JSON of a value (what the SDK's `values` holds). */
export function plain(v: Val): unknown {
  if (Array.isArray(v.value)) return v.value.map(plain);
  if (isObject(v.value)) return Object.fromEntries(Object.entries(v.value).map(([k, x]) => [k, plain(x)]));
  return v.value;
}

function fromPlain(x: unknown, secret: boolean): Val {
  if (Array.isArray(x)) return { value: x.map((i) => fromPlain(i, secret)), secret };
  if (isObject(x)) return { value: Object.fromEntries(Object.entries(x).map(([k, i]) => [k, fromPlain(i, secret)])), secret };
  return { value: (x ?? null) as Val['value'], secret };
}

function access(v: Val, path: Segment[], full: Segment[]): Val {
  let cur = v;
  for (const seg of path) {
    const next = Array.isArray(cur.value) && typeof seg === 'number' ? cur.value[seg] : isObject(cur.value) && typeof seg === 'string' ? cur.value[seg] : undefined;
    if (!next) throw new EvalError({ summary: `unknown property ${formatPath(full)}`, path: formatPath(full) });
    cur = next;
  }
  return cur;
}

/** Evaluates `project/name` (at a revision) of the source's organisation; its top-level properties. */
export function evaluateEnvironment(source: EnvironmentSource, project: string, name: string, revision?: string): Record<string, Val> {
  return new Evaluation(source, `${project}/${name}`).environment(project, name, revision, []);
}

class Evaluation {
  constructor(
    private readonly source: EnvironmentSource,
    private readonly root: string,
  ) {}

  environment(project: string, name: string, revision: string | undefined, stack: string[]): Record<string, Val> {
    const id = `${project}/${name}`;
    if (stack.includes(id)) throw new EvalError({ summary: `cyclic import: ${[...stack, id].join(' → ')}`, path: 'imports' });
    const def = this.source.definition(project, name, revision);
    if (def === undefined) throw new EvalError({ summary: `unknown environment "${id}${revision ? `@${revision}` : ''}"`, path: 'imports' });
    const d = isObject(def) ? def : {};
    let base: Val = { value: {}, secret: false };
    const imports: Record<string, Val> = {};
    for (const [i, entry] of (Array.isArray(d.imports) ? d.imports : []).entries()) {
      const ref = typeof entry === 'string' ? entry : isObject(entry) && Object.keys(entry).length === 1 ? Object.keys(entry)[0]! : undefined;
      if (!ref) throw new EvalError({ summary: 'an import is a name or {name: {merge: false}}', path: `imports[${i}]` });
      const merge = !(isObject(entry) && isObject(entry[ref]) && (entry[ref] as { merge?: unknown }).merge === false);
      const [target, pin] = ref.split('@') as [string, string | undefined];
      const [p, n] = target.includes('/') ? (target.split('/', 2) as [string, string]) : ['default', target];
      const props: Val = { value: this.environment(p, n, pin, [...stack, id]), secret: false };
      imports[ref] = props;
      if (merge) base = mergeVal(base, props);
    }
    const scope = new Scope(d.values, base, { imports: { value: imports, secret: false }, context: this.context(id) });
    const local = scope.all();
    return (mergeVal(base, local).value as Record<string, Val>) ?? {};
  }

  private context(current: string): Val {
    return fromPlain(
      { currentEnvironment: { name: current }, rootEnvironment: { name: this.root }, pulumi: { user: { login: this.source.login }, organization: { login: this.source.org } } },
      false,
    );
  }
}

/** The `values` of one environment, evaluated lazily so references may point at each other (cycles refused). */
class Scope {
  private readonly memo = new Map<string, Val>();
  private readonly busy = new Set<string>();

  constructor(
    private readonly defs: unknown,
    private readonly base: Val,
    private readonly builtins: Record<string, Val>,
  ) {}

  all(): Val {
    return this.defs === undefined || this.defs === null ? { value: {}, secret: false } : this.at([], this.defs);
  }

  /** A reference: local definitions first (merged over the imports), then the imports, then `imports`/`context`. */
  private lookup(path: Segment[]): Val {
    let node: unknown = this.defs;
    let i = 0;
    while (i < path.length && node !== undefined && !this.isExpression(node)) {
      const seg = path[i]!;
      const next = isObject(node) && typeof seg === 'string' ? node[seg] : Array.isArray(node) && typeof seg === 'number' ? node[seg] : undefined;
      if (next === undefined) {
        node = undefined;
        break;
      }
      node = next;
      i++;
    }
    if (node === undefined) {
      const head = path[0];
      if (typeof head === 'string' && isObjectVal(this.base) && head in this.base.value) return access(this.base, path, path);
      if (typeof head === 'string' && head in this.builtins) return access(this.builtins[head]!, path.slice(1), path);
      throw new EvalError({ summary: `unknown property ${formatPath(path)}`, path: formatPath(path) });
    }
    const v = this.at(path.slice(0, i), node);
    if (i < path.length) return access(v, path.slice(i), path);
    let imported: Val | undefined;
    try {
      imported = access(this.base, path, path);
    } catch {
      imported = undefined;
    }
    return mergeVal(imported, v);
  }

  private isExpression(node: unknown): boolean {
    return (typeof node === 'string' && node.includes('${')) || fnKey(node) !== undefined;
  }

  private at(path: Segment[], node: unknown): Val {
    const key = JSON.stringify(path);
    const done = this.memo.get(key);
    if (done) return done;
    if (this.busy.has(key)) throw new EvalError({ summary: `cyclic reference at ${formatPath(path) || 'values'}`, path: formatPath(path) });
    this.busy.add(key);
    try {
      const v = this.evaluate(path, node);
      this.memo.set(key, v);
      return v;
    } finally {
      this.busy.delete(key);
    }
  }

  private evaluate(path: Segment[], node: unknown): Val {
    if (typeof node === 'string') return this.interpolate(node);
    if (node === null || typeof node !== 'object') return { value: node as Val['value'], secret: false };
    if (Array.isArray(node)) return { value: node.map((x, i) => this.at([...path, i], x)), secret: false };
    const fn = fnKey(node);
    if (fn) return this.builtin(path, fn, (node as Record<string, unknown>)[fn]);
    return { value: Object.fromEntries(Object.entries(node).map(([k, x]) => [k, this.at([...path, k], x)])), secret: false };
  }

  private interpolate(text: string): Val {
    const re = /\$\$|\$\{((?:[^}"]|"(?:[^"\\]|\\.)*")*)\}/g;
    const whole = /^\$\{((?:[^}"]|"(?:[^"\\]|\\.)*")*)\}$/.exec(text);
    if (whole) return this.lookup(parsePath(whole[1]!.trim()));
    let secret = false;
    const out = text.replace(re, (m, ref: string | undefined) => {
      if (m === '$$') return '$';
      const v = this.lookup(parsePath(ref!.trim()));
      secret ||= deepSecret(v);
      return typeof v.value === 'string' ? v.value : JSON.stringify(plain(v));
    });
    return { value: out, secret };
  }

  private builtin(path: Segment[], fn: string, rawArg: unknown): Val {
    const where = formatPath(path) || 'values';
    const fail = (summary: string): never => {
      throw new EvalError({ summary: `${fn} at ${where}: ${summary}`, path: where });
    };
    if (fn === 'fn::secret') {
      if (typeof rawArg === 'string') return { value: rawArg, secret: true };
      if (isObject(rawArg) && typeof rawArg.ciphertext === 'string') return { value: decryptCiphertext(rawArg.ciphertext), secret: true };
      return fail('expected a string or {ciphertext}');
    }
    if (fn.startsWith('fn::open') || fn.startsWith('fn::rotate')) return fail('providers and rotators are not emulated');
    const arg = this.at([...path, fn], rawArg);
    const secret = deepSecret(arg);
    const str = (v: Val) => (typeof v.value === 'string' ? v.value : fail('expected a string'));
    const list = (v: Val) => (Array.isArray(v.value) ? v.value : fail('expected a list'));
    switch (fn) {
      case 'fn::final':
        return arg;
      case 'fn::validate':
        return isObjectVal(arg) && arg.value.value ? arg.value.value : fail('expected {schema, value}');
      case 'fn::toJSON':
        return { value: JSON.stringify(plain(arg)), secret };
      case 'fn::toString':
        return { value: typeof arg.value === 'string' ? arg.value : JSON.stringify(plain(arg)), secret };
      case 'fn::fromJSON':
        try {
          return fromPlain(JSON.parse(str(arg)), secret);
        } catch (err) {
          if (err instanceof EvalError) throw err;
          return fail('not JSON');
        }
      case 'fn::toBase64':
        return { value: Buffer.from(str(arg), 'utf8').toString('base64'), secret };
      case 'fn::fromBase64':
        return { value: Buffer.from(str(arg), 'base64').toString('utf8'), secret };
      case 'fn::join': {
        const [delimiter, items] = list(arg);
        if (!delimiter || !items) return fail('expected [delimiter, list]');
        return { value: list(items).map(str).join(str(delimiter)), secret };
      }
      case 'fn::split': {
        const [delimiter, text] = list(arg);
        if (!delimiter || !text) return fail('expected [delimiter, string]');
        return { value: str(text).split(str(delimiter)).map((s) => ({ value: s, secret })), secret: false };
      }
      case 'fn::concat':
        return { value: list(arg).flatMap(list), secret: false };
      default:
        return fail('unknown function');
    }
  }
}
