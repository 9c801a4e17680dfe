/**
 * What a stack's `pulumi preview --json` / `pulumi refresh --json` result says (the nx-pulumi executor writes it to
 * `<jsonDir>/<stack>.json`): the change counts and, per changed resource, its type, name and the names of the
 * properties that change. Values are never kept: a value pulumi did not know to be secret (an API's answer the
 * provider did not mark) would otherwise reach a PR comment or an issue.
 */
import { z } from 'zod';

export type Action = 'create' | 'update' | 'delete' | 'replace';
export const ACTIONS: readonly Action[] = ['create', 'update', 'delete', 'replace'];

export interface ResourceChange {
  action: Action;
  type: string;
  name: string;
  /** Names of the properties that change (top-level), when pulumi's result says or shows them. */
  properties: string[];
}

export interface StackResult {
  counts: Record<Action, number>;
  unchanged: number;
  resources: ResourceChange[];
  /** Error diagnostics pulumi reported (counted only: their text can quote values). */
  errors: number;
}

const State = z.object({ type: z.string().optional(), inputs: z.record(z.string(), z.unknown()).optional(), outputs: z.record(z.string(), z.unknown()).optional() }).passthrough();
const Step = z
  .object({
    op: z.string(),
    urn: z.string(),
    oldState: State.optional(),
    newState: State.optional(),
    diffReasons: z.array(z.string()).nullish(),
    replaceReasons: z.array(z.string()).nullish(),
    detailedDiff: z.record(z.string(), z.unknown()).nullish(),
  })
  .passthrough();
const Result = z
  .object({
    steps: z.array(Step).nullish(),
    changeSummary: z.record(z.string(), z.number()).nullish(),
    diagnostics: z.array(z.object({ severity: z.string().optional() }).passthrough()).nullish(),
  })
  .passthrough();

/** pulumi's step operations as the four a reviewer cares about (`same`, `read`, `refresh`, … are none of them). */
const ACTION_OF: Record<string, Action> = {
  create: 'create',
  update: 'update',
  delete: 'delete',
  replace: 'replace',
  'create-replacement': 'replace',
  'delete-replaced': 'replace',
  'discard-replaced': 'replace',
};

/** The reason a file is not a usable result, said without quoting it. */
export class UnreadableResult extends Error {}

/** Parses pulumi's JSON text; throws UnreadableResult (empty file, not JSON, not pulumi's shape). */
export function parsePulumiResult(text: string): StackResult {
  if (!text.trim()) throw new UnreadableResult('pulumi wrote no result (it stopped before finishing: see the job log)');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UnreadableResult('the result is not JSON (pulumi stopped part-way: see the job log)');
  }
  const parsed = Result.safeParse(json);
  if (!parsed.success) throw new UnreadableResult(`the result is not pulumi's --json shape (${parsed.error.issues[0]?.path.join('.') || 'top level'})`);
  const { steps, changeSummary, diagnostics } = parsed.data;
  const summary = changeSummary ?? {};
  const counts = Object.fromEntries(ACTIONS.map((a) => [a, summary[a] ?? 0])) as Record<Action, number>;
  const resources = new Map<string, ResourceChange>();
  for (const step of steps ?? []) {
    const action = ACTION_OF[step.op] ?? (step.op === 'refresh' ? refreshAction(step) : undefined);
    if (!action || resources.has(step.urn)) continue;
    resources.set(step.urn, { action, ...urnParts(step.urn), properties: changedProperties(step, action) });
  }
  return {
    counts,
    unchanged: summary.same ?? 0,
    resources: [...resources.values()],
    errors: (diagnostics ?? []).filter((d) => d.severity === 'error').length,
  };
}

/** A refresh step changes the state when the cloud's outputs differ from the recorded ones (or the resource is gone). */
function refreshAction(step: z.infer<typeof Step>): Action | undefined {
  if (step.oldState && !step.newState) return 'delete';
  return differingKeys(step.oldState?.outputs, step.newState?.outputs).length > 0 ? 'update' : undefined;
}

function changedProperties(step: z.infer<typeof Step>, action: Action): string[] {
  if (action === 'create' || action === 'delete') return [];
  const named = [...Object.keys(step.detailedDiff ?? {}), ...(step.diffReasons ?? []), ...(step.replaceReasons ?? [])].map((p) => p.split(/[.[]/)[0]!);
  const shown = step.op === 'refresh' ? differingKeys(step.oldState?.outputs, step.newState?.outputs) : differingKeys(step.oldState?.inputs, step.newState?.inputs);
  return [...new Set([...named, ...shown])].filter((p) => p && !p.startsWith('__')).sort();
}

/** Top-level keys whose values differ (compared, never kept). `__provider` & co. are the engine's own. */
function differingKeys(before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined): string[] {
  if (!before || !after) return [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => !k.startsWith('__') && JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

/** `urn:pulumi:<stack>::<project>::<parent$type>::<name>` → the resource's own type and name. */
export function urnParts(urn: string): { type: string; name: string } {
  const parts = urn.split('::');
  return { type: (parts[2] ?? '').split('$').at(-1)!, name: parts.slice(3).join('::') };
}

export const hasChanges = (r: StackResult): boolean => ACTIONS.some((a) => r.counts[a] > 0) || r.resources.length > 0;
