import type { Namespace, PlainValues } from './define';
import { configKey, whereItBelongs } from './define';
import { placeholderReason } from './placeholders';

export type ProblemKind = 'missing' | 'invalid' | 'placeholder';

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
export class ConfigError extends Error {
  constructor(
    readonly namespace: string,
    readonly env: string,
    readonly problems: ConfigProblem[],
  ) {
    super(
      `Configuration of ${namespace} for environment "${env}" has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((p) => `  - ${p.configKey}: ${p.message}; it belongs in ${p.belongsIn}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

function tryParse(schema: Namespace['keys'][string]['schema'], raw: string) {
  const direct = schema.safeParse(raw);
  if (direct.success) return direct;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return direct;
  }
  const parsed = schema.safeParse(json);
  // Structured values (arrays/objects) explain themselves better than "expected array, received string".
  return parsed.success || (json !== null && typeof json === 'object') ? parsed : direct;
}

/**
 * Validates raw config strings (as Pulumi config holds them) against a namespace. Pure: no Pulumi, no I/O.
 * Returns typed plain values, or every problem found.
 */
export function validateConfig<NS extends Namespace>(
  ns: NS,
  raw: (configKey: string) => string | undefined,
  env: string,
): { ok: true; values: PlainValues<NS> } | { ok: false; problems: ConfigProblem[] } {
  const values: Record<string, unknown> = {};
  const problems: ConfigProblem[] = [];
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
    const parsed = tryParse(spec.schema, value);
    if (!parsed.success) {
      // zod messages describe the expectation, not the value; paths point inside structured values.
      const detail = parsed.error.issues
        .map((i) => `${i.path.length ? i.path.join('.') + ': ' : ''}${i.message}`)
        .join('; ');
      problem('invalid', `invalid: ${detail}`);
      continue;
    }
    values[key] = parsed.data;
  }
  return problems.length ? { ok: false, problems } : { ok: true, values: values as PlainValues<NS> };
}
