import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PolicyRule } from '@sophia-ai/policy';
import { SynthError } from './errors';
import type { StackProject } from './project';

/** A stack's policy rules: `policy.ts` or `src/policy.ts` exporting `rules: PolicyRule[]`; none if absent. */
export function loadPolicyRules(project: StackProject): { file?: string; rules: PolicyRule[] } {
  for (const rel of ['policy.ts', path.join('src', 'policy.ts')]) {
    const abs = path.join(project.dir, rel);
    if (!fs.existsSync(abs)) continue;
    const mod = require(abs) as { rules?: unknown };
    const file = `${project.displayDir}/${rel}`;
    if (!Array.isArray(mod.rules)) throw new SynthError(`${file} must export "rules: PolicyRule[]"`);
    return { file, rules: mod.rules as PolicyRule[] };
  }
  return { rules: [] };
}
