/**
 * pulumi's --json results as the executor writes them (fixtures recorded with the real CLI 3.248.0 on a file://
 * backend, a dynamic-provider program: `preview --json --diff` after changing it, `refresh --preview-only
 * --expect-no-changes --json` after the cloud changed; the serialised provider code cut short).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parsePulumiResult, UnreadableResult, urnParts } from './pulumi-result';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, 'fixtures', name), 'utf8');
const CANARY = 'canary-d3l1very-7f2a';

describe('parsePulumiResult', () => {
  it('counts and lists the preview\'s changes: create, update (with the property), replace (with the reason), delete', () => {
    const r = parsePulumiResult(fixture('preview.json'));
    expect(r.counts).toEqual({ create: 1, update: 1, delete: 1, replace: 1 });
    expect(r.unchanged).toBe(1);
    expect(r.errors).toBe(0);
    expect(r.resources).toEqual([
      { action: 'create', type: 'pulumi-nodejs:dynamic:Resource', name: 'c', properties: [] },
      { action: 'replace', type: 'pulumi-nodejs:dynamic:Resource', name: 'b', properties: ['name'] },
      { action: 'update', type: 'pulumi-nodejs:dynamic:Resource', name: 'a', properties: ['size'] },
      { action: 'delete', type: 'pulumi-nodejs:dynamic:Resource', name: 'gone', properties: [] },
    ]);
  });

  it('reads a drifted refresh by its change summary (pulumi names no resource there)', () => {
    const r = parsePulumiResult(fixture('refresh-drift.json'));
    expect(r.counts).toEqual({ create: 0, update: 1, delete: 0, replace: 0 });
    expect(r.unchanged).toBe(3);
  });

  it('keeps property names, never values: a value pulumi did not know to be secret is not in the result', () => {
    const json = JSON.parse(fixture('preview.json')) as { steps: Array<{ urn: string; oldState?: { inputs: Record<string, unknown> }; newState?: { inputs: Record<string, unknown> } }> };
    const a = json.steps.find((s) => s.urn.endsWith('::a'))!;
    a.oldState!.inputs.apiKey = 'old-unmarked-value';
    a.newState!.inputs.apiKey = CANARY;
    const r = parsePulumiResult(JSON.stringify(json));
    expect(r.resources.find((x) => x.name === 'a')?.properties).toEqual(['apiKey', 'size']);
    expect(JSON.stringify(r)).not.toContain(CANARY);
  });

  it('takes the changed properties pulumi names (detailedDiff, diffReasons) at their top level', () => {
    const step = { op: 'update', urn: 'urn:pulumi:dev::github::github:index/repository:Repository::infra', detailedDiff: { 'topics[0]': { kind: 'update' } }, diffReasons: ['description'] };
    expect(parsePulumiResult(JSON.stringify({ steps: [step], changeSummary: { update: 1 } })).resources).toEqual([
      { action: 'update', type: 'github:index/repository:Repository', name: 'infra', properties: ['description', 'topics'] },
    ]);
  });

  it('counts error diagnostics without keeping their text', () => {
    const r = parsePulumiResult(JSON.stringify({ steps: [], diagnostics: [{ severity: 'error', message: `bad key ${CANARY}` }, { severity: 'warning', message: 'w' }] }));
    expect(r.errors).toBe(1);
    expect(JSON.stringify(r)).not.toContain(CANARY);
  });

  it.each([
    ['empty (pulumi stopped before its result)', '', /wrote no result/],
    ['cut short', '{"steps": [', /not JSON/],
    ['not pulumi\'s shape', '{"steps": 3}', /not pulumi's --json shape \(steps\)/],
  ])('an unusable file is said to be one, without quoting it: %s', (_label, text, message) => {
    expect(() => parsePulumiResult(text)).toThrow(UnreadableResult);
    expect(() => parsePulumiResult(text)).toThrow(message);
  });
});

describe('urnParts', () => {
  it.each([
    ['urn:pulumi:dev::lambda-labs::lambda:index:Instance::gpu-1', { type: 'lambda:index:Instance', name: 'gpu-1' }],
    ['urn:pulumi:dev::esc::sophia:Environments$pulumiservice:index:Environment::lambda-labs-dev', { type: 'pulumiservice:index:Environment', name: 'lambda-labs-dev' }],
  ])('%s', (urn, parts) => expect(urnParts(urn)).toEqual(parts));
});
