/*
 * `sophia-secrets rotate --overdue`: what to do about each overdue key, and (with --apply) doing it. Platform keys
 * with a one-command rotation run it through an injectable runner (argv only: the commands take names and
 * environments, never a value); a command that needs the operator's machine is listed, not run, in CI; issuer
 * keys are "ask the issuer"; platform keys without a command yet are reported as that gap.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import type { KeyAge } from '../compliance/model';
import type { EscStore } from '@sophia-ai/esc-store';
import { describeStep, type GenerationStep, runGenerationStep } from './generation';
import { manualStep, type RotationEntry } from './policy';
import { policyOf } from './table';

export type StepKind = 'run' | 'operator' | 'issuer' | 'gap';

export interface RotationStep {
  key: string;
  kind: StepKind;
  /** `run` and `operator`: the command as argv. */
  argv?: string[];
  /** What a person does (issuer, gap, operator) or what runs. */
  detail: string;
  /** A rotation `rotate` does itself (./generation): the record in ESC, then the stack's up. */
  generation?: GenerationStep;
}

/** Runs one command; resolves with its exit code. Never gets a value: argv is names and flags. */
export type Runner = (argv: string[]) => Promise<number>;

/** Policy commands are written relative to the workspace root (`node tools/<t>/bin/<cli>.js …`). */
const WORKSPACE_ROOT = path.resolve(__dirname, '../../../..');

/** child_process with argv (no shell), from the workspace root, output passed through, in the current environment. */
export const childProcessRunner: Runner = (argv) =>
  new Promise((resolve) => {
    const child = execFile(argv[0]!, argv.slice(1), { cwd: WORKSPACE_ROOT, maxBuffer: 64 * 1024 * 1024 }, (err) => resolve(err ? Number((err as { code?: number }).code) || 1 : 0));
    child.stdout?.pipe(process.stdout);
    child.stderr?.pipe(process.stderr);
  });

/** The steps for the overdue keys of `ages`; `ci`: operator-only commands are listed for a person instead. */
export function planRotations(ages: KeyAge[], entries: RotationEntry[], env: string, opts: { ci: boolean }): RotationStep[] {
  const steps: RotationStep[] = [];
  const seen = new Set<string>();
  for (const age of ages.filter((a) => a.overdue)) {
    const policy = policyOf(age, entries);
    // Generation keys are planned from their ESC records (./generation: rotate, resume, retire).
    if (!policy || (policy.rotatedBy === 'platform' && policy.generation)) continue;
    if (policy.rotatedBy === 'issuer' || !age.rotateCommand) {
      steps.push({ key: age.key, kind: policy.rotatedBy === 'issuer' ? 'issuer' : 'gap', detail: manualStep(policy, env) });
      continue;
    }
    // Several entries of one output share one command: run it once.
    if (seen.has(age.rotateCommand)) continue;
    seen.add(age.rotateCommand);
    const argv = age.rotateCommand.split(/\s+/).filter(Boolean);
    const operatorOnly = policy.runsOn === 'operator' && opts.ci;
    steps.push({
      key: age.key,
      kind: operatorOnly ? 'operator' : 'run',
      argv,
      detail: operatorOnly ? `run on the operator's machine (it holds the private key): ${age.rotateCommand}` : age.rotateCommand,
    });
  }
  return steps;
}

/** The `run` steps of generation rotations (./generation), after the command steps. */
export const generationSteps = (steps: GenerationStep[], env: string): RotationStep[] =>
  steps.map((g) => ({ key: g.key, kind: 'run', detail: describeStep(g, env), generation: g }));

export interface RotationOutcome {
  step: RotationStep;
  /** For `run` steps with --apply: the command's exit code. */
  code?: number;
  /** Why a generation step failed before its `up` finished (an ESC write): a message without values. */
  error?: string;
}

/** What generation steps need besides the runner. */
export interface GenerationContext {
  store: EscStore;
  env: string;
  now: Date;
}

/** Runs the `run` steps in order (all of them, a failure does not stop the others); other steps are reported. */
export async function runRotations(steps: RotationStep[], runner: Runner, gen?: GenerationContext): Promise<RotationOutcome[]> {
  const out: RotationOutcome[] = [];
  for (const step of steps) {
    if (step.kind !== 'run') out.push({ step });
    else if (!step.generation) out.push({ step, code: await runner(step.argv!) });
    else {
      try {
        out.push({ step, code: await runGenerationStep(step.generation, gen!.store, runner, gen!.env, gen!.now) });
      } catch (e) {
        out.push({ step, code: 1, error: (e as Error).message });
      }
    }
  }
  return out;
}
