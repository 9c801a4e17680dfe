/**
 * What `nx run <stack>:synth` writes to `dist/synth/<stack>/<env>.json`. Secrets are already redacted to
 * "[secret]" and the dynamic-provider blob to "[dynamic provider]" (the @sophia-ai/redact markers), so rules
 * and reviewers see no secret values.
 */
export interface SynthPlan {
  /** Pulumi project name (= Nx project name = folder under stacks/). */
  stack: string;
  /** Same as `stack` today; kept separate because Pulumi allows them to differ. */
  project: string;
  /** Environment / Pulumi stack name (`local`, `dev`, `staging`, `production`). */
  env: string;
  /** Every resource the program registered or read, sorted by URN. */
  resources: PlanResource[];
  /** Stack outputs; secret ones are "[secret]". */
  outputs: Record<string, unknown>;
  /** Names of the outputs that are secret (downstream synths keep them secret). */
  secretOutputNames: string[];
  /** Policy violations found on this plan (warnings included). */
  violations: Violation[];
}

export interface PlanResource {
  urn: string;
  type: string;
  name: string;
  /** Parent URN; absent only for the root `pulumi:pulumi:Stack`. */
  parent?: string;
  /** URNs this resource depends on (explicit dependsOn and implied by Output inputs), sorted. */
  dependencies: string[];
  /** Inputs as sent to the engine, redacted, keys sorted. */
  inputs: Record<string, unknown>;
  /** False for component resources (no provider, nothing created by themselves). */
  custom: boolean;
  /** Explicit provider reference, when given. */
  provider?: string;
}

export type Severity = 'error' | 'warning';

export interface PolicyRule {
  /** Stable kebab-case id, shown in reports (`no-public-ssh`). */
  id: string;
  description: string;
  /** `error` fails synth (and CI); `warning` is reported only. */
  severity: Severity;
  check(plan: SynthPlan): Array<{ urn?: string; message: string }>;
}

export interface Violation {
  ruleId: string;
  severity: Severity;
  /** The offending resource, when the rule points at one. */
  urn?: string;
  message: string;
}
