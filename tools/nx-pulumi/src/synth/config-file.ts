import * as fs from 'node:fs';
import * as path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { SynthError } from './errors';

/**
 * Checks `Pulumi.<env>.yaml` before it is read, so a broken file fails with its name, line, column and key —
 * never with the offending source line (the YAML library's pretty errors quote it, and a secret may be on it).
 */
export function checkStackConfigFile(stackDir: string, displayDir: string, env: string): void {
  const file = `${displayDir}/Pulumi.${env}.yaml`;
  const abs = path.join(stackDir, `Pulumi.${env}.yaml`);
  if (!fs.existsSync(abs)) {
    const known = fs
      .readdirSync(stackDir)
      .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
      .filter((e): e is string => !!e);
    throw new SynthError(`${file} does not exist; the stack's environments are ${known.join(', ') || '(none)'} — create it or pick one with --env.`);
  }
  const text = fs.readFileSync(abs, 'utf8');
  const lines = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, lineCounter: lines, uniqueKeys: true });
  const error = doc.errors[0];
  if (error) {
    const { line, col } = lines.linePos(error.pos[0]);
    // Messages may quote source tokens ("…token: \"x\""): drop every quoted part.
    const what = error.message.replace(/"(?:[^"\\\n]|\\.)*"/g, '(…)').split('\n')[0];
    const key = error.code === 'DUPLICATE_KEY' ? ` (key ${/^[^\n]*?(?=:(?:\s|$))/m.exec(text.slice(error.pos[0]))?.[0].trim() ?? '?'})` : '';
    throw new SynthError(`${file}:${line}:${col}: invalid YAML: ${what}${key}. The value on that line is not shown.`);
  }
  const root = doc.toJSON() as unknown;
  if (root !== null && (typeof root !== 'object' || Array.isArray(root))) {
    throw new SynthError(`${file}: the top level must be a mapping (config:, environment:), not a ${Array.isArray(root) ? 'list' : typeof root}.`);
  }
  const config = (root as { config?: unknown } | null)?.config;
  if (config !== undefined && config !== null && (typeof config !== 'object' || Array.isArray(config))) {
    throw new SynthError(`${file}: config: must be a mapping of <project>:<key>: <value> entries, not a ${Array.isArray(config) ? 'list' : typeof config}.`);
  }
}
