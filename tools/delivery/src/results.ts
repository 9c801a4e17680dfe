import * as fs from 'node:fs';
import * as path from 'node:path';
import { parsePulumiResult, UnreadableResult, type StackResult } from './pulumi-result';

/** One stack's outcome: pulumi's result, or why there is none (said without quoting the file). */
export interface StackOutcome {
  stack: string;
  result?: StackResult;
  failure?: string;
}

/** Every `<stack>.json` the executor's --jsonDir wrote, by stack name. A missing folder is "no stack ran". */
export function readOutcomes(dir: string): StackOutcome[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const stack = f.slice(0, -'.json'.length);
      try {
        const result = parsePulumiResult(fs.readFileSync(path.join(dir, f), 'utf8'));
        return result.errors > 0 ? { stack, result, failure: `pulumi reported ${result.errors} error(s): see the job log and pulumi's JSON result in the run's artifacts` } : { stack, result };
      } catch (e) {
        if (e instanceof UnreadableResult) return { stack, failure: e.message };
        throw e;
      }
    });
}
