/*
 * What `npx nx run sandbox:serve` puts in its ESC emulator: the workspace's committed definitions, each
 * `stacks/<s>/esc/<env>.yaml` as `<org>/sophia-ai/<s>-<env>` (the files stacks/esc generates and its `up` creates),
 * and an empty `secrets-<env>` for each environment, as the first `up` of stacks/esc leaves it. The tools then
 * work offline against the same names and the same import path as in Pulumi Cloud: `sophia-secrets sync` and
 * `sophia-ssh-keys push` write into them, and opening `<s>-<env>` evaluates its import of `secrets-<env>`.
 * Read by path: the sandbox does not load the ESC stack's program.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ESC_ORG, ESC_PROJECT } from '@sophia-ai/stack-refs/src/esc-naming';
import type { EscEmulator } from './emulator';

const WORKSPACE_ROOT = path.resolve(__dirname, '../../../..');
/** The body stacks/esc creates `secrets-<env>` with (it never rewrites it afterwards). */
const SECRETS_SEED = '# Owned by the secrets sync; seeded empty by the sandbox, as stacks/esc creates it.\nvalues: {}\n';

export interface SeededDefinition {
  /** `<s>-<env>` or `secrets-<env>`. */
  name: string;
  /** Workspace-relative file it came from (none for a secrets environment). */
  file?: string;
}

/** Seeds `emulator` with the workspace's definitions; returns what it seeded, sorted. */
export function seedWorkspaceDefinitions(emulator: EscEmulator, root = WORKSPACE_ROOT, org = ESC_ORG): SeededDefinition[] {
  const seeded: SeededDefinition[] = [];
  const envs = new Set<string>();
  const stacks = path.join(root, 'stacks');
  for (const stack of existsSync(stacks) ? readdirSync(stacks).sort() : []) {
    const dir = path.join(stacks, stack, 'esc');
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
      const env = file.slice(0, -'.yaml'.length);
      const name = `${stack}-${env}`;
      emulator.seed(org, ESC_PROJECT, name, readFileSync(path.join(dir, file), 'utf8'));
      seeded.push({ name, file: `stacks/${stack}/esc/${file}` });
      envs.add(env);
    }
  }
  for (const env of [...envs].sort()) {
    emulator.seed(org, ESC_PROJECT, `secrets-${env}`, SECRETS_SEED);
    seeded.push({ name: `secrets-${env}` });
  }
  return seeded.sort((a, b) => a.name.localeCompare(b.name));
}
