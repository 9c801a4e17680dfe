import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SynthPlan } from '@sophia-ai/policy';
import type { PlanSet } from './diff';

/**
 * The Pulumi project names of a checkout's stacks that have the environment (`stacks/<dir>/Pulumi.yaml` `name:`,
 * with a `Pulumi.<env>.yaml` beside it): a stack without that file is not part of the environment, not a failure.
 */
export function stackProjects(root: string, env: string): string[] {
  const dir = path.join(root, 'stacks');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .map((d) => path.join(dir, d, 'Pulumi.yaml'))
    .filter((f) => fs.existsSync(f) && fs.existsSync(path.join(path.dirname(f), `Pulumi.${env}.yaml`)))
    .map((f) => /^name:\s*["']?([^"'\s#]+)/m.exec(fs.readFileSync(f, 'utf8'))?.[1] ?? path.basename(path.dirname(f)))
    .sort();
}

/**
 * The plans synth wrote under `<outDir>/<project>/<env>.json` for each of `projects`; a project without a
 * readable plan is a failure (its synth failed or was skipped), never a removed stack.
 */
export function readPlanSet(outDir: string, projects: readonly string[], env: string, reasons: Map<string, string> = new Map()): PlanSet {
  const set: PlanSet = { plans: new Map(), failures: new Map() };
  for (const project of projects) {
    const file = path.join(outDir, project, `${env}.json`);
    try {
      set.plans.set(project, JSON.parse(fs.readFileSync(file, 'utf8')) as SynthPlan);
    } catch {
      set.failures.set(project, reasons.get(project) ?? `no plan (${project}/${env}.json missing or unreadable)`);
    }
  }
  return set;
}
