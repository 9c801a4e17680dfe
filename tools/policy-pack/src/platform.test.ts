/**
 * The whole platform through the pack: every stack's real synth plan (the synth CLI, offline, env local), sent
 * to the adapter the way the engine sends it (secrets wrapped, unknowns as the wire sentinel), must come out as
 * the same plan and get the same verdicts from the same rules — also after a change that breaks one rule in
 * each of three stacks.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Struct } from 'google-protobuf/google/protobuf/struct_pb';
import type { ReportViolation, StackValidationArgs } from '@pulumi/policy';
import * as rpc from '@pulumi/pulumi/runtime/rpc';
import { runPolicies, type PlanResource, type SynthPlan, type Violation } from '@sophia-ai/policy';
import { SECRET_PLACEHOLDER, UNKNOWN_PLACEHOLDER } from '@sophia-ai/redact';
import { planFromResources, type AnalyzedResource } from './adapter';
import { ENFORCEMENT, policiesFor } from './policies';
import { loadRuleSets } from './rule-sets';
import { planInputs } from './wire';

const WORKSPACE = path.resolve(__dirname, '../../..');
const SYNTH = path.join(WORKSPACE, 'tools/nx-pulumi/bin/synth.js');
/** Upstream first: a stack's synth reads its upstream plans (StackReferences). */
const STACKS = ['esc', 'lambda-labs', 'snowflake', 'github', 'portkey', 'estuary'];
const sets = loadRuleSets(WORKSPACE);

/** A plan's inputs back on the wire: "[secret]" as a secret (whose value is the marker), "[unknown]" as unknown. */
function toWire(value: unknown): unknown {
  if (value === SECRET_PLACEHOLDER) return { [rpc.specialSigKey]: rpc.specialSecretSig, value: SECRET_PLACEHOLDER };
  if (value === UNKNOWN_PLACEHOLDER) return rpc.unknownValue;
  if (Array.isArray(value)) return value.map(toWire);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toWire(v)]));
  return value;
}

/** What the engine hands the pack for these resources: explicit providers by URN, default ones by name only. */
function asAnalyzed(resources: readonly PlanResource[]): AnalyzedResource[] {
  return resources.map((r) => {
    const explicit = r.provider?.replace(/::[^:]*$/, '');
    return {
      type: r.type,
      urn: r.urn,
      name: r.name,
      props: planInputs(Struct.fromJavaScript(toWire(r.inputs) as never)),
      ...(r.parent ? { parent: { urn: r.parent } } : {}),
      dependencies: r.dependencies.map((urn) => ({ urn })),
      ...(explicit ? { provider: { urn: explicit, name: explicit.split('::').at(-1)! } }
        : r.custom && !r.type.startsWith('pulumi:providers:') ? { provider: { urn: `urn:default-provider:${r.type}`, name: 'default' } } : {}),
    };
  });
}

function packVerdicts(resources: AnalyzedResource[]): Violation[] {
  const found: Violation[] = [];
  for (const policy of policiesFor(sets)) {
    const severity = policy.enforcementLevel === ENFORCEMENT.error ? 'error' : 'warning';
    const report: ReportViolation = (message, urn) => found.push({ ruleId: policy.name, severity, ...(urn ? { urn } : {}), message });
    void policy.validateStack({ resources } as unknown as StackValidationArgs, report);
  }
  return found;
}

const key = (v: Violation) => `${v.ruleId} ${v.urn ?? ''} ${v.message}`;
const sorted = (vs: Violation[]) => vs.map(key).sort();
/** Synth's verdict: the stack's own rules (what `nx run <stack>:synth` runs). */
const synthVerdicts = (plan: SynthPlan) => runPolicies(plan, sets.find((s) => s.project === plan.project)?.rules ?? []);
const withoutProviderIds = (rs: readonly PlanResource[]) => rs.map((r) => (r.provider ? { ...r, provider: r.provider.replace(/::[^:]*$/, '') } : r));

jest.setTimeout(300_000);

describe('every stack of the platform: the pack sees the synth plan and reaches the same verdicts', () => {
  const plans = new Map<string, SynthPlan>();
  let outDir: string;

  beforeAll(async () => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-pack-platform-'));
    for (const stack of STACKS) {
      await promisify(execFile)(process.execPath, [SYNTH, path.join(WORKSPACE, 'stacks', stack), '--out-dir', outDir], { cwd: WORKSPACE });
      plans.set(stack, JSON.parse(fs.readFileSync(path.join(outDir, stack, 'local.json'), 'utf8')) as SynthPlan);
    }
  });
  afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

  it.each(STACKS)('%s: the same plan, the same (empty) verdicts, and no other stack\'s rule fires', (stack) => {
    const plan = plans.get(stack)!;
    expect(plan.resources.length).toBeGreaterThan(0);
    const seen = planFromResources(asAnalyzed(plan.resources));
    expect({ stack: seen.project, env: seen.env }).toEqual({ stack: plan.project, env: 'local' });
    expect(seen.resources).toEqual(withoutProviderIds(plan.resources));
    expect(sorted(packVerdicts(asAnalyzed(plan.resources)))).toEqual(sorted(plan.violations));
  });

  /** A plan with one resource's inputs changed (the rest as synth wrote it). */
  const edited = (stack: string, type: string, edit: (inputs: Record<string, any>) => void): SynthPlan => {
    const plan = structuredClone(plans.get(stack)!);
    const target = plan.resources.find((r) => r.type === type);
    if (!target) throw new Error(`${stack} has no ${type}`);
    edit(target.inputs);
    return plan;
  };

  it.each([
    ['snowflake', 'a warehouse that never suspends', () => edited('snowflake', 'snowflake:index/warehouse:Warehouse', (i) => void (i.autoSuspend = 0))],
    ['github', 'a public repository off the allow-list', () => edited('github', 'github:index/repository:Repository', (i) => void ((i.visibility = 'public'), (i.name = 'not-allow-listed')))],
    ['esc', 'a team reading a production secrets environment', () => {
      const plan = structuredClone(plans.get('esc')!);
      const grant = plan.resources.find((r) => r.type === 'pulumiservice:index:TeamEnvironmentPermission')!;
      plan.resources.push({ ...grant, urn: `${grant.urn}-extra`, name: `${grant.name}-extra`, inputs: { ...grant.inputs, environment: 'secrets-production', team: 'contractors', permission: 'read' } });
      return plan;
    }],
  ])('%s: %s — the same violations from synth and from the pack', (_stack, _what, make) => {
    const plan = make();
    const expected = synthVerdicts(plan);
    expect(expected.length).toBeGreaterThan(0);
    expect(sorted(packVerdicts(asAnalyzed(plan.resources)))).toEqual(sorted(expected));
  });
});
