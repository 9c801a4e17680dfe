/*
 * The missing-environment check: every `environment:` import of every `stacks/<s>/Pulumi.<env>.yaml` must be an
 * environment this stack defines (a `<service>-<env>` file of environments/) or creates (`secrets-<env>`), and a
 * stack whose keys live in `<s>-<env>` must import it. Otherwise `preview` fails only later, in the cloud, with
 * "environment not found" or a missing key. Each problem names the file and the environment.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ESC_PROJECT, escEnvName, parseEscEnvName, secretsEnvironment, serviceEnvironment } from '@sophia-ai/stack-refs/src/esc-naming';
import { ExpectedError } from '@sophia-ai/policy';
import YAML from 'yaml';
import { ESC_ENVIRONMENTS, type Manifest } from './definitions';
import { SELF, WORKSPACE_ROOT } from './services';

/** `project/name` of every environment the ESC stack defines or creates. */
export function definedEnvironments(manifest: Manifest): Set<string> {
  const names = new Set<string>();
  for (const env of ESC_ENVIRONMENTS) {
    names.add(escEnvName(secretsEnvironment(env)));
    for (const service of Object.keys(manifest.services)) names.add(escEnvName(serviceEnvironment(service, env)));
  }
  return names;
}

/** The `environment:` imports of a stack config file (a list of names, each possibly pinned `@tag`/`@<revision>`). */
function importsOf(file: string, text: string): { imports: string[]; problems: string[] } {
  let doc: unknown;
  try {
    doc = YAML.parse(text);
  } catch {
    return { imports: [], problems: [`${file}: not valid YAML`] };
  }
  const list = (doc as { environment?: unknown } | null)?.environment;
  if (list === undefined) return { imports: [], problems: [] };
  if (!Array.isArray(list) || !list.every((e) => typeof e === 'string')) return { imports: [], problems: [`${file}: environment: must be a list of ESC environment names`] };
  return { imports: list.map((e) => e.replace(/@[^@/]+$/, '')), problems: [] };
}

/** Problems of the workspace at `root` (none when every import resolves and every stack imports its own environment). */
export function missingEnvironmentProblems(manifest: Manifest, root = WORKSPACE_ROOT): string[] {
  const defined = definedEnvironments(manifest);
  const problems: string[] = [];
  const stacksDir = path.join(root, 'stacks');
  for (const stack of readdirSync(stacksDir).sort()) {
    if (stack === SELF || !existsSync(path.join(stacksDir, stack, 'Pulumi.yaml'))) continue;
    for (const env of ESC_ENVIRONMENTS) {
      const rel = `stacks/${stack}/Pulumi.${env}.yaml`;
      const abs = path.join(root, rel);
      if (!existsSync(abs)) continue;
      const { imports, problems: bad } = importsOf(rel, readFileSync(abs, 'utf8'));
      problems.push(...bad);
      for (const name of imports) {
        let normalised: string;
        try {
          normalised = escEnvName(parseEscEnvName(name));
        } catch (err) {
          problems.push(`${rel}: ${(err as Error).message}`);
          continue;
        }
        if (!defined.has(normalised)) {
          problems.push(
            `${rel} imports ESC environment ${name}, which stacks/esc does not define ` +
              `(it defines ${ESC_PROJECT}/<service>-${env} for the stacks with a config namespace, and ${escEnvName(secretsEnvironment(env))})`,
          );
        }
      }
      const own = escEnvName(serviceEnvironment(stack, env));
      if (manifest.services[stack] && !imports.includes(own)) {
        problems.push(`${rel} does not import ${own}, where stacks/esc puts the ${stack}: config (add it under environment:)`);
      }
    }
  }
  return problems;
}

/** Throws one error listing every problem (the ESC stack's synth, preview and up refuse to run on a broken graph). */
export function assertImportsDefined(manifest: Manifest, root = WORKSPACE_ROOT): void {
  const problems = missingEnvironmentProblems(manifest, root);
  if (problems.length) throw new ExpectedError(`${problems.length} ESC import problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}
