/*
 * `sophia-iac validate [--strict]` (the IaC completeness check) and `sophia-iac codeowners [--check]`. Exit code 0: all
 * good (or written); 1: a gap, a stale CODEOWNERS, or bad input, each with one message naming what and where.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, CommanderError } from 'commander';
import { ESC_ENVIRONMENTS } from '@sophia-ai/esc-config';
import { CODEOWNERS_PATH, checkCodeowners } from './codeowners';
import { loadOwnershipSpec } from './organisation';
import { gatherWorkspace, readNxProjects, secretsSyncReads } from './validate/gather';
import { fails, validateWorkspace } from './validate/checks';
import { renderValidation } from './validate/table';

export const WORKSPACE_ROOT = path.resolve(__dirname, '../../..');

type Print = (text: string) => void;

export async function main(argv: readonly string[], root = WORKSPACE_ROOT, out: Print = console.log, err: Print = console.error): Promise<number> {
  let code = 0;
  const program = new Command('sophia-iac')
    .description('Workspace-wide IaC checks (tools/iac/README.md)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => out(s.trimEnd()), writeErr: (s) => err(s.trimEnd()) });
  program
    .command('validate')
    .description('every service has a complete stack (synth, tests, docs, team, config, ESC, contracts); no Python Pulumi file')
    .option('--strict', 'also fail on required values still to set in stacks/esc/values.yaml (before a deploy)')
    .action(async (opts: { strict?: boolean }) => {
      const teams = loadOwnershipSpec(root).teams.map((t) => t.name);
      const facts = gatherWorkspace(root, { projects: await readNxProjects(), teams, escEnvironments: ESC_ENVIRONMENTS, toolReads: secretsSyncReads(root) });
      const result = validateWorkspace(facts);
      out(renderValidation(result));
      code = fails(result, opts.strict) ? 1 : 0;
    });
  program
    .command('codeowners')
    .description(`write ${CODEOWNERS_PATH} from the organisation spec's teams and the Nx team: tags`)
    .option('--check', 'only compare: exit 1 when the committed file is stale')
    .action((opts: { check?: boolean }) => {
      code = codeowners(root, opts.check === true, out, err);
    });
  try {
    if (argv.length === 0) {
      program.outputHelp({ error: true });
      return 1;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 1; // commander printed the problem (or the help)
    err(e instanceof Error ? e.message : String(e)); // expected errors name the file and the fix: no stack trace
    return 1;
  }
}

function codeowners(root: string, checkOnly: boolean, out: Print, err: Print): number {
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
