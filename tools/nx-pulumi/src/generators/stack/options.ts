import { ExpectedError } from '@sophia-ai/policy';

export interface StackGeneratorOptions {
  name: string;
  team: string;
  api?: boolean;
  description?: string;
  skipInstall?: boolean;
}

export type ValidOptions = Required<StackGeneratorOptions>;

export interface WorkspaceFacts {
  projects: ReadonlyArray<{ name: string; root: string; tags: readonly string[] }>;
  exists(file: string): boolean;
  /** tools/sandbox is there to register an emulator in (needed by --api). */
  hasSandbox: boolean;
}

/** The one name rule: folder, Nx project, Pulumi project and config namespace are the same string. */
const STACK_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const MAX_NAME = 30;

/** Every problem with the options at once (name, team, collisions), before anything is written. */
export function validateStackOptions(options: StackGeneratorOptions, ws: WorkspaceFacts): ValidOptions {
  const problems: string[] = [];
  const name = String(options.name ?? '').trim();
  const team = String(options.team ?? '').trim();
  if (!STACK_NAME.test(name) || name.length > MAX_NAME) {
    problems.push(`name: must be lowercase letters and digits in words joined by single "-", starting with a letter, at most ${MAX_NAME} characters (it is the folder, the Nx and Pulumi project and the config namespace)`);
  } else {
    const taken = [name, `${name}-config`, `${name}-contract`].filter((n) => ws.projects.some((p) => p.name === n));
    if (taken.length) problems.push(`name: the workspace already has a project named ${taken.map((t) => `"${t}"`).join(', ')}`);
    if (ws.exists(`stacks/${name}`)) problems.push(`name: stacks/${name} already exists`);
  }
  const teams = [...new Set(ws.projects.flatMap((p) => p.tags.filter((t) => t.startsWith('team:')).map((t) => t.slice(5))))].sort();
  if (!team) problems.push('team: required (--team <team>): the owning team, tagged team:<team>');
  else if (teams.length && !teams.includes(team)) {
    problems.push(`team: "${team}" owns nothing yet (teams: ${teams.join(', ')}); add the team to the GitHub stack's organisation spec first, or use one of these`);
  }
  if (/[\r\n]/.test(options.description ?? '')) problems.push('description: one line (it goes into Pulumi.yaml, package.json and the contract)');
  if (options.api && !ws.hasSandbox) problems.push('api: --api registers an emulator in tools/sandbox/src/registry.ts, which this workspace does not have');
  if (problems.length) throw new ExpectedError(`Cannot generate the stack:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return {
    name,
    team,
    api: options.api === true,
    description: (options.description ?? '').trim() || `${name} resources for Sophia AI`,
    skipInstall: options.skipInstall === true,
  };
}

/** The spellings of a stack name the templates need. */
export function stackNames(name: string): { name: string; camel: string; pascal: string; constant: string } {
  const words = name.split('-');
  const pascal = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  return { name, camel: pascal[0]!.toLowerCase() + pascal.slice(1), pascal, constant: words.join('_').toUpperCase() };
}
