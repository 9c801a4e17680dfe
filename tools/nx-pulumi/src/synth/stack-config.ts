import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { SynthError } from './errors';
import type { StackProject } from './project';

export interface StackConfig {
  /** Full keys (`project:key`) → string values, exactly as the engine hands them to the program. */
  config: Record<string, string>;
  /** Workspace-relative path of the file config belongs in (`stacks/x/Pulumi.<env>.yaml`). */
  file: string;
  /** Human notes (e.g. ESC imports not resolved offline). */
  notes: string[];
}

/** Reads `Pulumi.<env>.yaml` `config:`; a missing file is allowed (the program then sees only defaults). */
export function readStackConfig(project: StackProject, env: string): StackConfig {
  const file = `${project.displayDir}/Pulumi.${env}.yaml`;
  const abs = path.join(project.dir, `Pulumi.${env}.yaml`);
  const notes: string[] = [];
  const raw: Record<string, unknown> = { ...project.defaults };
  if (fs.existsSync(abs)) {
    const doc = (parse(fs.readFileSync(abs, 'utf8')) ?? {}) as { config?: Record<string, unknown>; environment?: unknown };
    const imports = Array.isArray(doc.environment) ? doc.environment : doc.environment ? [doc.environment] : [];
    if (imports.length > 0 && env !== 'local') {
      notes.push(
        `${file} imports ESC environment(s) ${imports.map(String).join(', ')}; synth cannot open them offline and ` +
          `uses only the file's config: block.`,
      );
    }
    for (const [key, value] of Object.entries(doc.config ?? {})) {
      raw[key.includes(':') ? key : `${project.name}:${key}`] = value;
    }
  } else {
    notes.push(`${file} does not exist; the program sees only Pulumi.yaml defaults.`);
  }
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (hasSecure(value)) {
      throw new SynthError(
        `${project.name}: config key "${key}" in ${file} is an encrypted secure: value, which synth cannot decrypt offline. ` +
          `Synth that environment with plain sample values (as Pulumi.local.yaml does) or read it from ESC at deploy time.`,
      );
    }
    // Same encoding as the engine: strings as-is, everything else JSON (numbers, booleans, objects, lists).
    config[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return { config, file, notes };
}

function hasSecure(value: unknown): boolean {
  if (!value || typeof value !== 'object') return false;
  if (!Array.isArray(value) && 'secure' in (value as object) && Object.keys(value as object).length === 1) return true;
  return Object.values(value as object).some(hasSecure);
}
