/*
 * `sophia-iac validate [--strict]` (the IaC completeness check) and `sophia-iac codeowners [--check]`. Exit code 0: all good
 * (or written); 1: a gap, a stale CODEOWNERS, or bad input, each with one message naming what and where.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CODEOWNERS_PATH, CodeownersError, checkCodeowners } from './codeowners';
import { loadOwnershipSpec } from './organisation';
import { gatherWorkspace, readNxProjects } from './validate/gather';
import { fails, validateWorkspace } from './validate/checks';
import { ESC_ENVIRONMENTS } from '@sophia-ai/esc-config';
import { renderValidation } from './validate/table';

export const WORKSPACE_ROOT = path.resolve(__dirname, '../../..');

const USAGE = 'usage: sophia-iac validate [--strict] | sophia-iac codeowners [--check]';

export async function main(argv: readonly string[], root = WORKSPACE_ROOT, out = console.log, err = console.error): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'validate' && (rest.length === 0 || (rest.length === 1 && rest[0] === '--strict'))) {
      const teams = loadOwnershipSpec(root).teams.map((t) => t.name);
      const result = validateWorkspace(gatherWorkspace(root, { projects: await readNxProjects(), teams, escEnvironments: ESC_ENVIRONMENTS }));
      out(renderValidation(result));
      return fails(result, rest[0] === '--strict') ? 1 : 0;
    }
    if (command === 'codeowners' && (rest.length === 0 || (rest.length === 1 && rest[0] === '--check'))) {
      return codeowners(root, rest[0] === '--check', out, err);
    }
    err(USAGE);
    return 1;
  } catch (e) {
    err(e instanceof CodeownersError || e instanceof Error ? e.message : String(e));
    return 1;
  }
}

function codeowners(root: string, checkOnly: boolean, out: (line: string) => void, err: (line: string) => void): number {
  const { expected, upToDate } = checkCodeowners(loadOwnershipSpec(root), root);
  if (upToDate) {
    out(`${CODEOWNERS_PATH} is up to date`);
    return 0;
  }
  if (checkOnly) {
    err(`${CODEOWNERS_PATH} is out of date: run npx nx run iac:codeowners`);
    return 1;
  }
  const file = path.join(root, CODEOWNERS_PATH);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Written whole or not at all: a temporary file renamed over the old one.
  fs.writeFileSync(`${file}.tmp`, expected);
  fs.renameSync(`${file}.tmp`, file);
  out(`wrote ${CODEOWNERS_PATH}`);
  return 0;
}
