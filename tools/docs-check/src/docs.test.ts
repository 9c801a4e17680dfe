/**
 * Every shell command quoted in README.md, docs/ and the tool READMEs, with how it is checked (the test names are
 * the list: `npx jest tools/docs-check --verbose`):
 *
 * - **ran offline**: executed here as written (temp HOME, the ESC emulator for `--env dev` ssh-keys commands, the
 *   sandbox on free ports, `nx graph --file` instead of the browser) and its documented result asserted;
 * - **needs the Pulumi CLI / an account / a deployed instance / the network**: not run; the Nx project, target and
 *   every flag must exist (executor schema, the CLI's own `--help`, `nx <command> --help`), and pulumi commands
 *   and flags are checked against the real CLI's `--help` when it is installed.
 *
 * A command that names a project, target, flag, file, script or variable that does not exist fails.
 */
import { execFile, spawn } from 'node:child_process';
import { stripVTControlCharacters } from 'node:util';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EMULATORS, EscEmulator, serveEmulator, startSandbox, type Sandbox } from '@sophia-ai/sandbox';
import { type DocCommand, documentedFiles, expandPlaceholders, extractCommands, extractWorkflowCommands, workflowFiles } from './extract';
import { freePort } from '@sophia-ai/sandbox/src/port-holder';

const ROOT = path.resolve(__dirname, '../../..');
const NX = require.resolve('nx/bin/nx');
const SSH_KEYS_BIN = path.join(ROOT, 'tools/ssh-keys/bin/sophia-ssh-keys.js');
/** The workspace CLIs documents may call by their bin name (`npm install` links them), with their scripts. */
const WORKSPACE_BINS: Record<string, string> = {
  'sophia-ssh-keys': 'tools/ssh-keys/bin/sophia-ssh-keys.js',
  'sophia-secrets': 'tools/secrets/bin/sophia-secrets.js',
};
const TOKEN = 'pul-docs-check-token-51c0';

jest.setTimeout(180_000);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv = {}, cwd = ROOT): Promise<Run> {
  return new Promise((resolve) => {
    // Colour off and escapes stripped: a CI runner that forces colour (FORCE_COLOR) must not change what the checks read.
    execFile(file, args, { cwd, env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false', FORCE_COLOR: '0', ...env }, maxBuffer: 64 << 20 }, (err, stdout, stderr) =>
      resolve({
        code: err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0,
        stdout: stripVTControlCharacters(stdout),
        stderr: stripVTControlCharacters(stderr),
      }),
    );
  });
}
const nx = (args: string[], env: NodeJS.ProcessEnv = {}) => run(process.execPath, [NX, ...args], env);

/** The Pulumi CLI on PATH or where tools/engine builds it; undefined when neither has one. */
function pulumiCli(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && fs.existsSync(path.join(dir, 'pulumi'))) return path.join(dir, 'pulumi');
  }
  const cache = path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'sophia-ai', 'pulumi');
  const versions = fs.existsSync(cache) ? fs.readdirSync(cache).sort().reverse() : [];
  return versions.map((v) => path.join(cache, v, 'bin', 'pulumi')).find((p) => fs.existsSync(p));
}

const camel = (flag: string) => flag.replace(/^-+/, '').split('=')[0]!.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
/** `--flag` names in a `--help` text (both the kebab and camel spelling are accepted by the caller). */
const helpFlags = (text: string) => new Set([...text.matchAll(/(?:^|[\s,])--([a-zA-Z][\w-]*)/g)].map((m) => camel(m[1]!)));

/** Flags of a command line (`--x`, `--x=v`; `-t` target lists and values are not flags). */
function flagsOf(words: string[]): string[] {
  return words.filter((w) => w.startsWith('--') && w !== '--').map(camel);
}

// ---------------------------------------------------------------------------------------------------------------

interface Graph {
  nodes: Record<string, { data: { root: string; tags?: string[]; targets: Record<string, { executor?: string; options?: Record<string, unknown> }> } }>;
}

// The documents' commands and every command a workflow runs (a workflow step is documentation that runs).
const commands = [...extractCommands(ROOT, documentedFiles(ROOT)), ...extractWorkflowCommands(ROOT, workflowFiles(ROOT))];
const pulumi = pulumiCli();
let graph: Graph;
let graphRun: Run;
let home: string;
let escUrl: string;
let closeEsc: () => Promise<void>;
const nxHelp = new Map<string, Promise<Set<string>>>();
const cliHelp = new Map<string, Promise<Run>>();
/**
 * Synth runs by argv: the docs quote the same synth in several places, and it reads only the committed tree, so
 * each distinct command runs once and every place that quotes it checks that one result (side-effecting commands,
 * such as ssh-keys, are never shared).
 */
const synthRuns = new Map<string, Promise<Run>>();

const cached = <T>(map: Map<string, Promise<T>>, key: string, make: () => Promise<T>) => {
  if (!map.has(key)) map.set(key, make());
  return map.get(key)!;
};
const nxFlags = (sub: string) => cached(nxHelp, sub, async () => {
  const help = await nx([sub, '--help']);
  return helpFlags(help.stdout + help.stderr);
});
const sshKeysHelp = (command: string) => cached(cliHelp, `ssh-keys ${command}`, () => run(process.execPath, [SSH_KEYS_BIN, command, '--help']));
/** `--help` of a command of any of the workspace's CLIs (`node tools/<t>/bin/<cli>.js <command>`). */
const binHelp = (bin: string, command: string) =>
  cached(cliHelp, `${bin} ${command}`, () => run(process.execPath, [path.join(ROOT, bin), ...(command ? [command] : []), '--help']));
const pulumiHelp = (words: string[]) => cached(cliHelp, `pulumi ${words.join(' ')}`, () => run(pulumi!, [...words, '--help'], { PULUMI_SKIP_UPDATE_CHECK: 'true', PULUMI_HOME: path.join(home, '.pulumi') }));

beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-check-'));
  // `npx nx graph` as documented, written to a file instead of opened in a browser; its data drives the checks.
  graphRun = await nx(['graph', `--file=${path.join(home, 'graph.json')}`]);
  graph = (JSON.parse(fs.readFileSync(path.join(home, 'graph.json'), 'utf8')) as { graph: Graph }).graph;
  // The ESC the `--env dev` ssh-keys commands talk to, holding sophia-ai/lambda-labs-dev as stacks/esc would.
  const esc = new EscEmulator({ tokens: [TOKEN] });
  esc.seed('sophia-ai', 'sophia-ai', 'lambda-labs-dev', 'values:\n  pulumiConfig:\n    lambda-labs:region: us-east-1\n');
  const server = await serveEmulator(esc);
  escUrl = server.url;
  closeEsc = () => server.close();
  // A key for every ssh-keys command but `generate` (which gets a fresh HOME of its own).
  const gen = await run(process.execPath, [SSH_KEYS_BIN, 'generate'], { HOME: home });
  if (gen.code !== 0) throw new Error(gen.stderr);
});
afterAll(async () => {
  await closeEsc?.();
  fs.rmSync(home, { recursive: true, force: true });
});

const stacks = () => Object.keys(graph.nodes).filter((p) => graph.nodes[p]!.data.tags?.includes('type:stack'));

/** `<project>:<target>` → every concrete pair (placeholders expanded), each checked to exist. */
function targetsOf(spec: string): Array<{ project: string; target: string }> {
  const [projectSpec, targetSpec] = spec.split(':') as [string, string | undefined];
  if (!targetSpec) throw new Error(`"${spec}" is not <project>:<target>`);
  const projects = expandPlaceholders(projectSpec, { stack: stacks() });
  return projects.flatMap((project) => {
    const node = graph.nodes[project];
    if (!node) throw new Error(`no Nx project "${project}" (projects: ${Object.keys(graph.nodes).join(', ')})`);
    const targets = expandPlaceholders(targetSpec, { command: Object.keys(node.data.targets) });
    for (const target of targets) {
      if (!node.data.targets[target]) throw new Error(`project ${project} has no target "${target}" (targets: ${Object.keys(node.data.targets).join(', ')})`);
    }
    return targets.map((target) => ({ project, target }));
  });
}

/** Every flag must be Nx's own or an option of the target's executor (or, for pulumi targets, a pulumi flag). */
async function checkTargetFlags(sub: string, project: string, target: string, flags: string[]): Promise<void> {
  const own = await nxFlags(sub);
  const config = graph.nodes[project]!.data.targets[target]!;
  for (const flag of flags) {
    if (own.has(flag) || flag === 'help') continue;
    if (config.executor?.startsWith('@sophia-ai/')) {
      const [pkg, name] = config.executor.replace('@sophia-ai/', '').split(':') as [string, string];
      const executors = JSON.parse(fs.readFileSync(path.join(ROOT, 'tools', pkg, 'executors.json'), 'utf8')) as { executors: Record<string, { schema: string }> };
      const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'tools', pkg, executors.executors[name]!.schema), 'utf8')) as { properties: Record<string, unknown> };
      if (flag in schema.properties) continue;
      if (config.executor === '@sophia-ai/ssh-keys:cli') {
        const help = await sshKeysHelp(String(config.options?.command));
        if (helpFlags(help.stdout).has(flag) || helpFlags(help.stdout).has(flag.replace(/^no([A-Z])/, (_, c: string) => c.toLowerCase()))) continue;
        throw new Error(`sophia-ssh-keys ${String(config.options?.command)} has no flag --${flag}`);
      }
      if (config.executor === '@sophia-ai/nx-pulumi:pulumi' && pulumi) {
        const command = String(config.options?.command);
        const words = command === 'init' ? ['stack', 'select'] : command === 'outputs' ? ['stack', 'output'] : [command];
        if (helpFlags((await pulumiHelp(words)).stdout).has(flag)) continue;
      }
    }
    throw new Error(`${project}:${target} (${config.executor}) has no option --${flag}, and it is not an nx ${sub} flag`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// What each kind of command is, and how it is checked.

interface Plan {
  how: string;
  check: (cmd: DocCommand) => Promise<void>;
}

const exists = (p: string, what = p) => {
  if (!fs.existsSync(path.join(ROOT, p))) throw new Error(`${what} does not exist`);
};

/** Runs an `npx nx …` command as written and returns its result (ssh-keys: temp HOME, ESC emulator). */
async function runNx(cmd: DocCommand, extraEnv: NodeJS.ProcessEnv = {}): Promise<Run> {
  return nx(cmd.argv.slice(2), { ...cmd.env, ...extraEnv });
}

/** Whether stacks/<project>/Pulumi.<env>.yaml lists ESC environments to import (`environment:`). */
function importsEsc(project: string, env: string): boolean {
  const file = path.join(ROOT, 'stacks', project, `Pulumi.${env}.yaml`);
  return fs.existsSync(file) && /^environment:/m.test(fs.readFileSync(file, 'utf8'));
}

function planNx(cmd: DocCommand): Plan {
  const [sub, ...rest] = cmd.argv.slice(2) as [string, ...string[]];
  const text = cmd.argv.join(' ');
  const flags = flagsOf(rest);
  if (sub === 'run') {
    const spec = rest[0]!;
    const checkFlags = async () => {
      for (const { project, target } of targetsOf(spec)) await checkTargetFlags('run', project, target, flags);
    };
    if (/:synth$/.test(spec)) {
      const dev = rest.includes('--env=dev');
      return {
        how: dev ? 'ran offline: fails, listing the keys ESC would provide (plans, for a stack that imports no ESC environment)' : 'ran offline: plans the stack and prints its tree',
        check: async () => {
          await checkFlags();
          for (const { project } of targetsOf(spec)) {
            const argv = ['run', `${project}:synth`, ...rest.slice(1)];
            const result = await cached(synthRuns, JSON.stringify(argv), () => nx(argv));
            // A stack whose Pulumi.dev.yaml imports no ESC environment (the ESC stack: it creates them) plans offline.
            if (dev && !importsEsc(project, 'dev')) {
              expect(result.stdout + result.stderr).not.toMatch(/synth failed/);
              expect(result.code).toBe(0);
            } else if (dev) {
              // A failed upstream synth (planned first) stops nx with its own code; either way, not 0.
              expect(result.code).not.toBe(0);
              expect(result.stdout + result.stderr).toMatch(/it belongs in ESC environment sophia-ai\//);
              expect(result.stdout + result.stderr).toContain('ESC environment imports are not opened offline');
            } else {
              expect(result.stderr + result.stdout).not.toMatch(/synth failed/);
              expect(result.code).toBe(0);
              expect(result.stdout).toContain(`pulumi:pulumi:Stack ${project}-local`);
            }
          }
        },
      };
    }
    if (spec.startsWith('ssh-keys:') && !spec.includes('<')) {
      const command = spec.split(':')[1]!;
      return {
        how: `ran offline: temp HOME${/--env\s+dev|--env=dev/.test(text) ? ', against the ESC emulator' : ''}`,
        check: async () => {
          await checkFlags();
          const own = command === 'generate' ? fs.mkdtempSync(path.join(home, 'generate-')) : home;
          const result = await runNx(cmd, { HOME: own, SOPHIA_ESC_DIR: path.join(home, 'esc'), ESC_API_URL: escUrl, PULUMI_ACCESS_TOKEN: TOKEN });
          expect(result.stdout + result.stderr).not.toMatch(/error:|does not match the schema/);
          expect(result.code).toBe(0);
        },
      };
    }
    if (spec === 'sandbox:serve') {
      return {
        how: 'ran offline (on free ports): prints the emulator URLs, stops on SIGTERM',
        check: async () => {
          await checkFlags();
          // Every registered emulator on a free port: the fixed defaults may be taken by another test running at once.
          const ports: Record<string, string> = {};
          for (const e of EMULATORS) ports[e.portEnv] = String(await freePort());
          const child = spawn(process.execPath, [NX, ...cmd.argv.slice(2)], { cwd: ROOT, env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false', FORCE_COLOR: '0', ...ports } });
          let stdout = '';
          child.stdout.on('data', (d) => (stdout += d));
          const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
          while (!stdout.includes('ESC_API_URL=')) {
            if (child.exitCode !== null) throw new Error(`serve exited early:\n${stdout}`);
            await new Promise((r) => setTimeout(r, 200));
          }
          expect(stdout).toContain(`LAMBDA_API_URL=http://127.0.0.1:${ports.SANDBOX_LAMBDA_PORT}`);
          child.kill('SIGTERM');
          await exited;
        },
      };
    }
    const how = spec.includes('<')
      ? 'a template: every target it stands for exists, with the flags'
      : usesPulumiGuess(spec)
        ? `${needsWhat(cmd)}; project, target and flags exist`
        : 'not run (it rewrites a committed file); project, target and flags exist';
    return { how, check: checkFlags };
  }
  if (sub === 'run-many' || sub === 'affected') {
    const targets = (rest[rest.indexOf('-t') + 1] ?? '').split(',');
    const runIt = sub === 'run-many' && targets.join() === 'synth';
    return {
      how: runIt ? 'ran offline: plans every stack in graph order' + (text.includes('static') ? ', every tree printed' : '') : `${targets.includes('synth') || targets.includes('test') ? 'not run (the CI job runs it)' : needsWhat(cmd)}; target and flags exist`,
      check: async () => {
        for (const target of targets) {
          const owners = Object.keys(graph.nodes).filter((p) => graph.nodes[p]!.data.targets[target]);
          if (owners.length === 0) throw new Error(`no project has a "${target}" target`);
          for (const project of owners) await checkTargetFlags(sub, project, target, flags);
        }
        if (!runIt) return;
        const result = await cached(synthRuns, JSON.stringify([cmd.argv.slice(2), cmd.env]), () => runNx(cmd));
        expect(result.stdout + result.stderr).not.toMatch(/synth failed/);
        expect(result.code).toBe(0);
        if (text.includes('--output-style=static')) for (const stack of stacks()) expect(result.stdout).toContain(`pulumi:pulumi:Stack ${stack}-local`);
      },
    };
  }
  if (sub === 'graph') {
    return { how: 'ran offline (as `nx graph --file=…`, the data the other checks use)', check: async () => expect(graphRun.code).toBe(0) };
  }
  if (sub === 'show') {
    return {
      how: 'ran offline',
      check: async () => {
        const result = await runNx(cmd);
        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
      },
    };
  }
  if (sub === 'g' || sub === 'generate') {
    return {
      how: 'ran offline with --dry-run (the generator accepts it; nothing is written)',
      check: async () => {
        const result = await nx([...cmd.argv.slice(2), '--dry-run', '--no-interactive'], cmd.env);
        expect(result.stdout + result.stderr).toMatch(/CREATE /);
        expect(result.stdout + result.stderr).toMatch(/NOTE: The "dryRun" flag means no changes were made/);
        expect(result.code).toBe(0);
      },
    };
  }
  return { how: 'unknown nx command', check: async () => Promise.reject(new Error(`no check for nx ${sub}`)) };
}

function usesPulumiGuess(spec: string): boolean {
  return /:(preview|up|refresh|destroy|init|outputs)$/.test(spec);
}

function needsWhat(cmd: DocCommand): string {
  const text = cmd.argv.join(' ');
  return /--env[= ](local)\b/.test(text) ? 'needs the Pulumi CLI and the sandbox' : 'needs the Pulumi CLI and an account';
}


let sandbox: Sandbox | undefined;
afterAll(() => sandbox?.close());

function planFor(cmd: DocCommand): Plan {
  const [word, second] = cmd.argv as [string, string | undefined];
  if (word === 'npx' && second === 'nx') return planNx(cmd);
  if (word === 'npx' && second === 'jest') {
    return { how: 'not run here (a test suite); its paths exist', check: async () => cmd.argv.slice(2).filter((a) => !a.startsWith('-')).forEach((p) => exists(p)) };
  }
  if (word === 'npm') {
    const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    if (second === 'ci' || second === 'install') return { how: 'needs the npm registry; package-lock.json exists', check: async () => exists('package-lock.json') };
    const script = second === 'test' ? 'test' : cmd.argv[2]!;
    return { how: `not run here (CI runs it); the npm script "${script}" exists`, check: async () => expect(Object.keys(scripts)).toContain(script) };
  }
  if (word === 'node' || word in WORKSPACE_BINS) {
    const bin = word === 'node' ? second! : WORKSPACE_BINS[word]!;
    return {
      how: 'ran offline: `--help` of each named command, and its flags',
      check: async () => {
        exists(bin);
        if (word in WORKSPACE_BINS) {
          // The bare name works only if the tool's package exposes it as that bin.
          const [, tool, ...file] = bin.split('/');
          const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'tools', tool!, 'package.json'), 'utf8')) as { bin: Record<string, string> };
          expect(pkg.bin[word]).toBe(file.join('/'));
        }
        // A workspace CLI (tools/<t>/bin/*.js, or its bin name) takes a command; other scripts take files.
        const isCli = word in WORKSPACE_BINS || /^tools\/[^/]+\/bin\//.test(bin);
        const named = isCli ? cmd.argv.slice(word === 'node' ? 2 : 1) : [];
        // `cli <command> --flags` or, for a CLI without subcommands, `cli --flags`.
        const sub = named.length > 0 && !named[0]!.startsWith('-');
        const commands = sub ? expandPlaceholders(named[0]!, { command: ['generate', 'push', 'show', 'rotate', 'retire'] }) : isCli ? [''] : [];
        for (const c of commands) {
          const help = await binHelp(bin, c);
          expect({ command: `${bin} ${c} --help`, code: help.code }).toEqual({ command: `${bin} ${c} --help`, code: 0 });
          // Commander answers `<unknown command> --help` with the program's own help (exit 0): the usage line must be the command's.
          if (c) expect({ command: c, usage: /^Usage: \S+ (\S+)/m.exec(help.stdout)?.[1] }).toEqual({ command: c, usage: c });
          // Each flag written must be one the command's help lists (commander lists every option).
          const known = helpFlags(help.stdout);
          for (const flag of flagsOf(named.slice(sub ? 1 : 0))) expect(`${c} --${flag}: ${known.has(flag) || known.has(flag.replace(/^no([A-Z])/, (_, x: string) => x.toLowerCase())) ? 'ok' : 'unknown flag'}`).toMatch(/ok$/);
        }
      },
    };
  }
  if (word === 'pulumi') {
    const words = cmd.argv.slice(1).filter((w) => !w.startsWith('-'));
    const flags = flagsOf(cmd.argv.slice(1));
    return {
      how: pulumi ? 'needs a stack (not run); command and flags checked with the installed CLI\'s --help' : 'needs the Pulumi CLI (not installed here: not checked)',
      check: async () => {
        if (!pulumi) return;
        const help = await pulumiHelp(words);
        expect(help.code).toBe(0);
        const usage = /Usage:\s*\n\s*pulumi ([a-z -]+?)(?: \[| <|$)/m.exec(help.stdout)?.[1]?.trim() ?? '';
        // The help shown must be the documented subcommand's, not the parent's (cobra falls back to the parent).
        expect(words.join(' ').startsWith(usage) && usage.length > 0).toBe(true);
        const known = helpFlags(help.stdout);
        for (const flag of flags) expect(`${words.join(' ')} --${flag}: ${known.has(flag) ? 'ok' : 'unknown flag'}`).toMatch(/ok$/);
      },
    };
  }
  if (word === 'curl' && cmd.argv.some((a) => a.startsWith('http://127.0.0.1:4610'))) {
    return {
      how: 'ran offline against the sandbox (its port)',
      check: async () => {
        sandbox ??= await startSandbox();
        const argv = cmd.argv.slice(1).map((a) => a.replace('http://127.0.0.1:4610', sandbox!.env.LAMBDA_API_URL!));
        const result = await run('curl', ['-sS', '-o', '/dev/null', '-w', '%{http_code}', ...argv]);
        expect(result.stdout).toMatch(/^2\d\d$/);
      },
    };
  }
  if (word === 'curl') return { how: 'needs the network (installs the Pulumi CLI)', check: async () => expect(cmd.argv).toContain('https://get.pulumi.com') };
  if (word === 'ssh') {
    return {
      how: 'needs a deployed instance; the key path is the one sophia-ssh-keys writes',
      check: async () => expect(cmd.argv[cmd.argv.indexOf('-i') + 1]).toBe('~/.ssh/pulumi_lambda_key'),
    };
  }
  if (word === 'export') {
    const name = second!.split('=')[0]!;
    return {
      how: `sets ${name}; the workspace reads it`,
      check: async () => {
        const readers = await run('git', ['grep', '-l', `${name}`, '--', 'libs', 'tools', 'stacks', ':!*.md', ':!*.test.ts']);
        expect(readers.stdout.trim()).not.toBe('');
      },
    };
  }
  if (word === 'cd') return { how: 'the directory exists', check: async () => exists(second!) };
  if (word === 'git') {
    return {
      how: 'reads the repository (not run); git knows the subcommand',
      // `git <sub> -h` prints the usage and exits 129; an unknown subcommand exits 1 ("is not a git command").
      check: async () => expect((await run('git', [second!, '-h'])).code).toBe(129),
    };
  }
  return { how: 'no check known for this command', check: async () => Promise.reject(new Error(`add a check for "${word}" to tools/docs-check`)) };
}

describe('documented commands', () => {
  it('finds the commands of every document', () => {
    const files = new Set(commands.map((c) => c.file));
    for (const file of ['README.md', 'docs/infrastructure/COMPLETE_IAC_GUIDE.md', 'docs/infrastructure/SSH_KEY_AUTOMATION.md', '.github/workflows/deploy.yml']) expect(files).toContain(file);
  });

  it('fails for a command that names a missing target, flag or pulumi flag', async () => {
    const doc = (text: string): DocCommand => ({ file: 'x.md', line: 1, text, argv: text.split(' '), env: {} });
    await expect(planFor(doc('npx nx run lambda-labs:deploy')).check(doc('npx nx run lambda-labs:deploy'))).rejects.toThrow(/no target "deploy"/);
    await expect(planFor(doc('npx nx run ssh-keys:push --env dev --stor x')).check(doc('npx nx run ssh-keys:push --stor x'))).rejects.toThrow(/no flag --stor/);
    await expect(planFor(doc('npx nx run payments:up')).check(doc('npx nx run payments:up'))).rejects.toThrow(/no Nx project "payments"/);
    await expect(planFor(doc('npm run deploy')).check(doc('npm run deploy'))).rejects.toThrow();
    if (pulumi) await expect(planFor(doc('pulumi up --no-such-flag')).check(doc('pulumi up --no-such-flag'))).rejects.toThrow();
    await expect(planFor(doc('sophia-secrets sinc')).check(doc('sophia-secrets sinc'))).rejects.toThrow();
    await expect(planFor(doc('sophia-secrets sync --aply')).check(doc('sophia-secrets sync --aply'))).rejects.toThrow();
  });

  // One test per command: its name says where it is quoted and how it is checked.
  it.each(commands.map((c) => [`${c.file}:${c.line}  ${c.text}  — ${planFor(c).how}`, c] as const))('%s', async (_title, cmd) => {
    await planFor(cmd).check(cmd);
  });
});
