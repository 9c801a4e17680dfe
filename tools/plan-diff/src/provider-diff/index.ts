import { spawn } from 'node:child_process';
import * as path from 'node:path';
import type { SynthPlan } from '@sophia-ai/policy';
import type { Decision } from './runner';

export type { Decision } from './runner';

const DYNAMIC = 'pulumi-nodejs:dynamic/';

/** The dynamic resources present on both sides whose inputs differ: what a provider `diff` must decide. */
export function diffRequests(base: Map<string, SynthPlan>, head: Map<string, SynthPlan>) {
  const requests: Array<{ urn: string; type: string; olds: Record<string, unknown>; news: Record<string, unknown> }> = [];
  for (const [stack, after] of head) {
    const before = new Map((base.get(stack)?.resources ?? []).map((r) => [r.urn, r]));
    for (const r of after.resources) {
      const old = before.get(r.urn);
      if (r.type.startsWith(DYNAMIC) && old && old.type === r.type && JSON.stringify(old.inputs) !== JSON.stringify(r.inputs)) {
        requests.push({ urn: r.urn, type: r.type, olds: old.inputs, news: r.inputs });
      }
    }
  }
  return requests;
}

/**
 * Runs ./runner.ts in the head checkout (its own provider code, through the checkout's node_modules) and returns
 * each resource's decision. Any failure leaves the decision out: the diff then says "replace possible".
 */
export function providerDecisions(checkoutDir: string, requests: ReturnType<typeof diffRequests>): Promise<Map<string, Decision>> {
  if (requests.length === 0) return Promise.resolve(new Map());
  const runner = path.join(__dirname, 'runner.ts');
  const boot =
    `require('ts-node').register({ transpileOnly: true, swc: true, project: ${JSON.stringify(path.join(checkoutDir, 'tsconfig.base.json'))} });` +
    `require(${JSON.stringify(runner)}).main();`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', boot], { cwd: checkoutDir, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', () => resolve(new Map()));
    child.on('close', (code) => {
      try {
        resolve(code === 0 ? new Map(Object.entries(JSON.parse(out) as Record<string, Decision>)) : new Map());
      } catch {
        resolve(new Map());
      }
    });
    child.stdin.end(JSON.stringify({ requests }));
  });
}
