import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

export interface StackConfig {
  /** Full keys (`project:key`) → string values, exactly as the engine hands them to the program. */
  config: Record<string, string>;
  /** Path of the file config belongs in (`<displayDir>/Pulumi.<env>.yaml`). */
  file: string;
  /** Human notes (e.g. ESC imports not resolved offline, no such file). */
  notes: string[];
}

/**
 * The config a stack program sees for `env`, read offline from `<stackDir>/Pulumi.yaml` (project name and
 * `config:` defaults) and `<stackDir>/Pulumi.<env>.yaml` (`config:`), encoded as the engine passes it: full
 * `project:key` keys, strings as-is, everything else JSON. Pass `.config` to `startMockRuntime({ config })`.
 * A missing `Pulumi.<env>.yaml` is allowed (only the defaults, with a note); ESC imports are not opened (a note
 * outside `local`); an encrypted `secure:` value throws, since it cannot be decrypted offline.
 * `displayDir` (default `stackDir`) is how the directory is named in `file`, notes and errors.
 */
export function stackConfigFromFile(stackDir: string, env: string, opts: { displayDir?: string } = {}): StackConfig {
  const displayDir = opts.displayDir ?? stackDir;
  const project = (parse(fs.readFileSync(path.join(stackDir, 'Pulumi.yaml'), 'utf8')) ?? {}) as { name?: string; config?: Record<string, unknown> };
  if (!project.name) throw new Error(`${displayDir}/Pulumi.yaml has no "name"`);
  const name = project.name;
  const file = `${displayDir}/Pulumi.${env}.yaml`;
  const notes: string[] = [];
  const raw: Record<string, unknown> = projectDefaults(name, project.config ?? {});
  const abs = path.join(stackDir, `Pulumi.${env}.yaml`);
  if (fs.existsSync(abs)) {
    const doc = (parse(fs.readFileSync(abs, 'utf8')) ?? {}) as { config?: Record<string, unknown>; environment?: unknown };
    const imports = Array.isArray(doc.environment) ? doc.environment : doc.environment ? [doc.environment] : [];
    if (imports.length > 0 && env !== 'local') {
      notes.push(
        `${file} imports ESC environment(s) ${imports.map(String).join(', ')}; synth cannot open them offline and ` +
          `uses only the file's config: block.`,
      );
    }
    for (const [key, value] of Object.entries(doc.config ?? {})) raw[fullKey(name, key)] = value;
  } else {
    notes.push(`${file} does not exist; the program sees only Pulumi.yaml defaults.`);
  }
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (hasSecure(value)) {
      throw new Error(
        `${name}: config key "${key}" in ${file} is an encrypted secure: value, which synth cannot decrypt offline. ` +
          `Synth that environment with plain sample values (as Pulumi.local.yaml does) or read it from ESC at deploy time.`,
      );
    }
    // Same encoding as the engine: strings as-is, everything else JSON (numbers, booleans, objects, lists).
    config[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return { config, file, notes };
}

/** Keys without a namespace are the project's. */
function fullKey(project: string, key: string): string {
  return key.includes(':') ? key : `${project}:${key}`;
}

/** `config: { key: { default: v } }` (or `value:`), or `key: v`, in Pulumi.yaml. */
function projectDefaults(project: string, config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(config)) {
    if (spec && typeof spec === 'object' && !Array.isArray(spec)) {
      const s = spec as { default?: unknown; value?: unknown };
      if (s.value !== undefined) out[fullKey(project, key)] = s.value;
      else if (s.default !== undefined) out[fullKey(project, key)] = s.default;
    } else if (spec !== undefined) {
      out[fullKey(project, key)] = spec;
    }
  }
  return out;
}

function hasSecure(value: unknown): boolean {
  if (!value || typeof value !== 'object') return false;
  if (!Array.isArray(value) && 'secure' in (value as object) && Object.keys(value as object).length === 1) return true;
  return Object.values(value as object).some(hasSecure);
}
