import type { SynthPlan } from '@sophia-ai/policy';
import { SECRET_PLACEHOLDER, UNKNOWN_PLACEHOLDER } from '@sophia-ai/redact';

/** Resources nested by parent (`type name`), then outputs; the plan is already redacted. */
export function renderTree(plan: SynthPlan): string {
  const children = new Map<string | undefined, SynthPlan['resources']>();
  const urns = new Set(plan.resources.map((r) => r.urn));
  for (const r of plan.resources) {
    // A parent outside the plan (should not happen) is shown at the root rather than hidden.
    const key = r.parent && urns.has(r.parent) ? r.parent : undefined;
    children.set(key, [...(children.get(key) ?? []), r]);
  }
  const lines: string[] = [];
  const walk = (parent: string | undefined, prefix: string) => {
    const list = children.get(parent) ?? [];
    list.forEach((r, i) => {
      const last = i === list.length - 1;
      const branch = parent === undefined ? '' : last ? '└─ ' : '├─ ';
      lines.push(`${prefix}${branch}${r.type} ${r.name}`);
      walk(r.urn, parent === undefined ? prefix : prefix + (last ? '   ' : '│  '));
    });
  };
  walk(undefined, '');
  const keys = Object.keys(plan.outputs);
  if (keys.length > 0) {
    lines.push('Outputs:');
    for (const k of keys) lines.push(`  ${k}: ${formatValue(plan.outputs[k])}`);
  }
  return lines.join('\n');
}

/**
 * One output per line, in full: a plan is read to check values, so nothing is cut. Long lists and objects go one
 * entry per line below the key instead of one unreadable line.
 */
function formatValue(value: unknown): string {
  if (value === SECRET_PLACEHOLDER || value === UNKNOWN_PLACEHOLDER) return String(value);
  const text = JSON.stringify(value);
  if (text.length <= 100 || value === null || typeof value !== 'object') return text;
  return JSON.stringify(value, null, 2).replace(/\n/g, '\n  ');
}
