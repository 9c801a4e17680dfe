/*
 * The IaC completeness checks (the original plan's validate_iac_completeness), pure over WorkspaceFacts. Each gap names
 * the service, the check, what is wrong and where to fix it. The rules:
 *
 * - stack: every mission service has `stacks/<folder>`: an Nx project tagged `type:stack` with a Pulumi.yaml whose
 *   `name` is the folder (the Pulumi project the namespace, contracts and stack names use).
 * - synth / tests: the project has the `synth` target (inferred from Pulumi.yaml by tools/nx-pulumi) and a `test`
 *   target with at least one `*.test.ts`.
 * - docs: `stacks/<folder>/README.md`, or a heading of the guide naming `stacks/<folder>`.
 * - team: exactly one `team:<name>` tag, naming a team of the GitHub organisation spec.
 * - config: the stack has one namespace named after it; every `<ns>:<key>` set by its Pulumi.<env>.yaml files and its
 *   ESC definitions (stacks/<s>/esc/<env>.yaml `values.pulumiConfig`) is a key of that namespace; the program reads
 *   config only through it (no `new pulumi.Config`).
 * - esc: where each required key (not optional, no default) comes from, per ESC environment. A stack whose namespace
 *   source is `esc` needs `stacks/<s>/esc/<env>.yaml`; there, every required key owned by `secrets-sync` must be
 *   mapped under `values.pulumiConfig` (the reference into secrets-<env>, where the sync writes the value: without it
 *   the stack never sees the value), else a gap. A required key owned by `esc-stack` gets its value from
 *   stacks/esc/values.yaml: when that value is not set yet the definition cannot carry it, which is reported as
 *   *pending* (⚠, with the values.yaml path to set) rather than a gap: the code has the key's place, an operator owes the
 *   value (a new organisation's Snowflake account, say). `--strict` (before a deploy) fails on pending values too. A
 *   key owned by `ssh-keys` is written into the environment by `sophia-ssh-keys push` itself, so the definition leaves
 *   it out. A `stack-file` namespace (stacks/esc, which creates ESC) needs every required key in its own
 *   Pulumi.<env>.yaml.
 * - outputs: every output a stack reads from another (`referenceStack(c).output('k')`, `fromStackOutput(c, 'k')`) is
 *   declared in the producer's contract, and no program opens an untyped `pulumi.StackReference`.
 * - the workspace row: no Python Pulumi file anywhere (python), and every output a tool reads from a stack (the
 *   secrets sync's `outputs`, published to GitHub) is in the producer's contract (outputs).
 */
import { GUIDE, MISSION_SERVICES, type ContractFacts, type NamespaceFacts, type OutputRead, type StackFacts, type WorkspaceFacts } from './facts';

export const CHECKS = ['stack', 'synth', 'tests', 'docs', 'team', 'config', 'esc', 'outputs'] as const;
export type CheckName = (typeof CHECKS)[number] | 'python';

export interface Gap {
  /** Row of the table: the mission service's label, another stack's folder, or `workspace`. */
  row: string;
  check: CheckName;
  problem: string;
  fix: string;
  /** `pending`: a value an operator still has to provide (fails only under --strict). Default: a gap. */
  severity?: 'pending';
}

export type Cell = 'ok' | 'gap' | 'pending' | 'not checked';

export interface ValidationRow {
  label: string;
  cells: Partial<Record<CheckName, Cell>>;
}

export interface ValidationResult {
  rows: ValidationRow[];
  gaps: Gap[];
}

/** Whether the result fails the command: any gap, or under `strict` also any pending value. */
export function fails(result: ValidationResult, strict = false): boolean {
  return result.gaps.some((g) => strict || !g.severity);
}

export const WORKSPACE_ROW = 'workspace';
const TOOL_WRITTEN = new Set(['ssh-keys']);

type Found = Omit<Gap, 'row' | 'check'>;

export function validateWorkspace(facts: WorkspaceFacts): ValidationResult {
  const rows: ValidationRow[] = [];
  const gaps: Gap[] = [];
  const contracts = facts.stacks.flatMap((s) => s.contracts);
  const mission = new Set(MISSION_SERVICES.map((s) => s.folder));
  const targets = [
    ...MISSION_SERVICES.map((m) => ({ label: m.label, folder: m.folder })),
    ...facts.stacks.filter((s) => !mission.has(s.folder)).map((s) => ({ label: s.folder, folder: s.folder })),
  ];
  for (const { label, folder } of targets) {
    const stack = facts.stacks.find((s) => s.folder === folder);
    const cells: ValidationRow['cells'] = {};
    const record = (check: CheckName, found: Found[]) => {
      cells[check] = found.some((f) => !f.severity) ? 'gap' : found.length ? 'pending' : 'ok';
      gaps.push(...found.map((f) => ({ row: label, check, ...f })));
    };
    if (!stack) {
      record('stack', [{ problem: `no stack: stacks/${folder} has no Pulumi.yaml and no Nx project tagged type:stack`, fix: `add stacks/${folder} (${GUIDE}, "Adding a stack")` }]);
      for (const check of CHECKS.slice(1)) cells[check] = 'not checked';
    } else {
      record('stack', stackShape(stack, facts));
      if (projectOf(stack, facts)) {
        record('synth', hasTarget(stack, facts, 'synth') ? [] : [{ problem: `stacks/${folder} has no synth target`, fix: `stacks/${folder}/Pulumi.yaml (tools/nx-pulumi infers synth from it)` }]);
        record('tests', tests(stack, facts));
        record('team', team(stack, facts));
      } else {
        // Targets and tags are the Nx project's: without one there is nothing to look at (the stack cell says why).
        for (const check of ['synth', 'tests', 'team'] as const) cells[check] = 'not checked';
      }
      record('docs', docs(stack, label, facts));
      record('config', config(stack));
      // Which keys are required is the namespace's answer: without one (the config cell says why) there is none.
      if ('problem' in stack.namespace) cells.esc = 'not checked';
      else record('esc', esc(stack, stack.namespace, facts.escEnvironments));
      record('outputs', outputs(stack.outputReads, stack.untypedReads, contracts));
    }
    rows.push({ label, cells });
  }
  const python = facts.python.map((p) => ({
    problem: `Python Pulumi file ${p.file} (${p.why})`,
    fix: `delete it: the stacks are TypeScript (docs/infrastructure/TYPESCRIPT_MIGRATION.md maps the Python programs to them)`,
  }));
  const workspace = { outputs: outputs(facts.toolReads, [], contracts), python };
  rows.push({ label: WORKSPACE_ROW, cells: { outputs: workspace.outputs.length ? 'gap' : 'ok', python: python.length ? 'gap' : 'ok' } });
  for (const check of ['outputs', 'python'] as const) gaps.push(...workspace[check].map((f) => ({ row: WORKSPACE_ROW, check, ...f })));
  return { rows, gaps };
}

const projectOf = (stack: StackFacts, facts: WorkspaceFacts) => facts.projects.find((p) => p.root === stack.root);
const hasTarget = (stack: StackFacts, facts: WorkspaceFacts, target: string) => projectOf(stack, facts)?.targets.includes(target) ?? false;

function stackShape(stack: StackFacts, facts: WorkspaceFacts): Found[] {
  const project = projectOf(stack, facts);
  const pkg = `${stack.root}/package.json`;
  const found: Found[] = [];
  if (!project) found.push({ problem: `${stack.root} is not an Nx project`, fix: `${pkg} with an "nx" block (name, tags)` });
  else if (!project.tags.includes('type:stack')) found.push({ problem: `${stack.root} is not tagged type:stack`, fix: `${pkg} nx.tags` });
  if (stack.pulumiProject === undefined) found.push({ problem: `${stack.root} has no Pulumi.yaml`, fix: `${stack.root}/Pulumi.yaml (name: ${stack.folder}, runtime nodejs)` });
  else if (stack.pulumiProject !== stack.folder) {
    found.push({ problem: `${stack.root}/Pulumi.yaml names the project "${stack.pulumiProject}", not "${stack.folder}"`, fix: `${stack.root}/Pulumi.yaml name: ${stack.folder}` });
  }
  return found;
}

function tests(stack: StackFacts, facts: WorkspaceFacts): Found[] {
  if (!hasTarget(stack, facts, 'test')) return [{ problem: `${stack.root} has no test target`, fix: `${stack.root}/jest.config.js (the @nx/jest plugin infers test from it)` }];
  if (stack.testFiles === 0) return [{ problem: `${stack.root} has no *.test.ts`, fix: `add tests under ${stack.root}` }];
  return [];
}

function docs(stack: StackFacts, label: string, facts: WorkspaceFacts): Found[] {
  if (stack.hasReadme || facts.guideHeadings.some((h) => h.includes(stack.root))) return [];
  return [{ problem: `${stack.root} has no README.md and no section in ${GUIDE}`, fix: `${stack.root}/README.md, or "## ${label} (\`${stack.root}\`)" in ${GUIDE}` }];
}

function team(stack: StackFacts, facts: WorkspaceFacts): Found[] {
  const tags = (projectOf(stack, facts)?.tags ?? []).filter((t) => t.startsWith('team:'));
  const fix = `${stack.root}/package.json nx.tags: one "team:<name>" (teams: ${facts.teams.join(', ')})`;
  if (tags.length !== 1) return [{ problem: `${stack.root} has ${tags.length ? `${tags.length} team tags (${tags.join(', ')})` : 'no team tag'}`, fix }];
  const name = tags[0]!.slice('team:'.length);
  return facts.teams.includes(name) ? [] : [{ problem: `${stack.root}: ${tags[0]} is not a team of the organisation spec`, fix: `${fix}, or add the team in stacks/github/src/organisation-spec.ts` }];
}

function config(stack: StackFacts): Found[] {
  const ns = stack.namespace;
  const namespaceFile = `${stack.root}/config/index.ts`;
  if ('problem' in ns) return [{ problem: ns.problem, fix: namespaceFile }];
  const found: Found[] = [];
  if (ns.name !== stack.folder) found.push({ problem: `the namespace of ${namespaceFile} is named "${ns.name}", not "${stack.folder}"`, fix: namespaceFile });
  for (const file of [...stack.stackFiles, ...stack.escDefinitions]) {
    for (const key of file.keys) {
      const [prefix, name] = splitKey(key);
      if (prefix !== ns.name) found.push({ problem: `${file.file} sets ${key}, outside the namespace "${ns.name}"`, fix: `${file.file}: use ${ns.name}:<key>, declared in ${namespaceFile}` });
      else if (!(name in ns.keys)) found.push({ problem: `${file.file} sets ${key}, which ${namespaceFile} does not declare`, fix: `declare "${name}" in ${namespaceFile} or remove it from ${file.file}` });
    }
  }
  for (const read of stack.untypedReads.filter((r) => r.what === 'config')) {
    found.push({ problem: `${read.file}:${read.line} reads config with new pulumi.Config, outside the namespace`, fix: `read it through loadConfig(${ns.name} namespace) (${namespaceFile})` });
  }
  return found;
}

function splitKey(key: string): [string, string] {
  const at = key.indexOf(':');
  return at < 0 ? ['', key] : [key.slice(0, at), key.slice(at + 1)];
}

function esc(stack: StackFacts, ns: NamespaceFacts, environments: readonly string[]): Found[] {
  const required = Object.entries(ns.keys).filter(([, k]) => k.required && !TOOL_WRITTEN.has(k.owner));
  const found: Found[] = [];
  for (const env of environments) {
    if (ns.source === 'stack-file') {
      const file = stack.stackFiles.find((f) => f.env === env);
      const where = `${stack.root}/Pulumi.${env}.yaml`;
      if (!file) found.push({ problem: `${where} does not exist`, fix: `${where} with its config (the namespace's source is stack-file)` });
      for (const [key] of file ? required : []) {
        if (!file!.keys.includes(`${ns.name}:${key}`)) found.push({ problem: `required ${ns.name}:${key} is not set in ${where}`, fix: `set it in ${where}` });
      }
      continue;
    }
    const definition = stack.escDefinitions.find((f) => f.env === env);
    const where = `${stack.root}/esc/${env}.yaml`;
    if (!definition) {
      found.push({ problem: `no ESC environment definition ${where}`, fix: 'npx nx run esc:environments' });
      continue;
    }
    const absent = required.filter(([key]) => !definition.keys.includes(`${ns.name}:${key}`));
    for (const [key, spec] of absent.filter(([, spec]) => spec.owner !== 'esc-stack')) {
      found.push({ problem: `required ${ns.name}:${key} (owner ${spec.owner}) is not mapped in ${where}`, fix: 'npx nx run esc:environments (the definition is stale)' });
    }
    const pending = absent.filter(([, spec]) => spec.owner === 'esc-stack').map(([key]) => key);
    if (pending.length) {
      found.push({
        severity: 'pending',
        problem: `${where}: required ${pending.map((k) => `${ns.name}:${k}`).join(', ')} await${pending.length === 1 ? 's' : ''} a value`,
        fix: `set ${pending.map((k) => `${env}.${ns.name}.${k}`).join(', ')} in stacks/esc/values.yaml, then npx nx run esc:environments`,
      });
    }
  }
  return found;
}

function outputs(reads: readonly OutputRead[], untyped: StackFacts['untypedReads'], contracts: readonly ContractFacts[]): Found[] {
  const found: Found[] = [];
  for (const read of reads) {
    const contract = contracts.find((c) => c.project === read.producer);
    const at = `${read.file}:${read.line}`;
    if (!contract) found.push({ problem: `${at} reads "${read.output}" of ${read.producer}, which publishes no contract`, fix: `stacks/${read.producer}/contract/index.ts (defineStackContract)` });
    else if (!contract.outputs.includes(read.output)) {
      found.push({ problem: `${at} reads output "${read.output}" of ${read.producer}, which its contract does not declare`, fix: `declare "${read.output}" in ${contract.file} (and export it with declareOutputs)` });
    }
  }
  for (const read of untyped.filter((r) => r.what === 'stack-reference')) {
    found.push({ problem: `${read.file}:${read.line} opens an untyped pulumi.StackReference: its outputs are in no contract`, fix: "referenceStack(<producer's contract>) from @sophia-ai/stack-refs" });
  }
  return found;
}
