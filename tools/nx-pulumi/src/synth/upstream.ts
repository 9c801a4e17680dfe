import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SynthPlan } from '@sophia-ai/policy';
import { SynthError } from './errors';

/*
 * An upstream output that was unknown in its own plan arrives downstream as the text "[unknown]". Reviving it
 * as the engine's unknown sentinel would be more faithful, but the SDK then marks the whole StackReference
 * `outputs` map unknown (one unknown inside a struct makes the struct unknown), which would hide every known
 * upstream output. The literal keeps known outputs known and shows plainly in the downstream plan.
 */
export function upstreamResolver(outDir: string, failures: SynthError[], onFailure: (err: SynthError) => void = () => undefined) {
  return (stackName: string): { outputs: Record<string, unknown>; secretOutputNames: string[] } => {
    const parts = stackName.split('/');
    if (parts.length !== 3) {
      return fail(`StackReference "${stackName}" is not of the form <org>/<project>/<env>; synth cannot resolve it.`);
    }
    const [, project, env] = parts;
    const file = path.join(outDir, project, `${env}.json`);
    if (!fs.existsSync(file)) {
      return fail(
        `StackReference "${stackName}" needs the synth plan of ${project} (${env}), which is missing ` +
          `(${file}). Run \`npx nx run ${project}:synth\`` +
          `${env === 'local' ? '' : ` --env=${env}`} first, or \`npx nx run-many -t synth\` to plan every stack in order.`,
      );
    }
    let plan: SynthPlan;
    try {
      plan = JSON.parse(fs.readFileSync(file, 'utf8')) as SynthPlan;
    } catch (err) {
      return fail(
        `StackReference "${stackName}" needs the synth plan of ${project} (${env}), but ${file} is not a readable plan ` +
          `(not valid JSON${/ at position \d+/.exec((err as Error).message)?.[0] ?? ''}). Run \`npx nx run ${project}:synth${env === 'local' ? '' : ` --env=${env}`} --skip-nx-cache\` to write it again.`,
      );
    }
    if (!plan || typeof plan !== 'object' || typeof plan.outputs !== 'object') {
      return fail(`StackReference "${stackName}": ${file} is not a synth plan (no "outputs"). Run \`npx nx run ${project}:synth --skip-nx-cache\` to write it again.`);
    }
    return { outputs: plan.outputs ?? {}, secretOutputNames: plan.secretOutputNames ?? [] };
  };

  function fail(message: string): never {
    const err = new SynthError(message);
    failures.push(err);
    onFailure(err);
    throw err;
  }
}
