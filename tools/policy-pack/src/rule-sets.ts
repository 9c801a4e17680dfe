import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PolicyRule } from '@sophia-ai/policy';
import { loadPolicyRules } from '@sophia-ai/nx-pulumi/src/synth/policy-file';
import { readStackProject } from '@sophia-ai/nx-pulumi/src/synth/project';

/** One stack's rules, as synth loads them from its `policy.ts`. */
export interface RuleSet {
  /** The Pulumi project that declares them. */
  project: string;
  file: string;
  rules: PolicyRule[];
}

/** Every stack's rules under `<workspace>/stacks`, in folder order; stacks without a policy.ts have none. */
export function loadRuleSets(workspaceRoot: string): RuleSet[] {
  const stacksDir = path.join(workspaceRoot, 'stacks');
  return fs
    .readdirSync(stacksDir)
    .sort()
    .map((name) => path.join(stacksDir, name))
    .filter((dir) => fs.existsSync(path.join(dir, 'Pulumi.yaml')))
    .flatMap((dir) => {
      const project = readStackProject(dir, workspaceRoot);
      const { file, rules } = loadPolicyRules(project);
      return file ? [{ project: project.name, file, rules }] : [];
    });
}
