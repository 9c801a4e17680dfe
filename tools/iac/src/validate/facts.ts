/*
 * What iac:validate knows about a workspace, gathered once (gather.ts: the Nx project graph and the files) and judged
 * by pure checks (checks.ts). Every location is workspace-relative, so a message names where to fix it.
 */
import type { KeyOwner } from '@sophia-ai/config';

/** One service the mission names, and the stack folder that must implement it. */
export interface MissionService {
  /** How people call it (the table's row label). */
  label: string;
  /** `stacks/<folder>`, also the Nx and Pulumi project name. */
  folder: string;
}

/** The services of the original plan: one stack each. */
export const MISSION_SERVICES: readonly MissionService[] = [
  { label: 'Lambda Labs', folder: 'lambda-labs' },
  { label: 'Snowflake', folder: 'snowflake' },
  { label: 'Estuary', folder: 'estuary' },
  { label: 'GitHub', folder: 'github' },
  { label: 'Portkey', folder: 'portkey' },
  { label: 'ESC', folder: 'esc' },
];

/** An Nx project as the project graph describes it. */
export interface ProjectFacts {
  name: string;
  root: string;
  tags: string[];
  targets: string[];
}

/** A source position: `file` is workspace-relative, `line` 1-based. */
export interface Where {
  file: string;
  line: number;
}

export interface KeyFacts {
  owner: KeyOwner;
  /** Neither optional nor defaulted: a stack without it fails `loadConfig`. */
  required: boolean;
}

export interface NamespaceFacts {
  name: string;
  source: 'esc' | 'stack-file';
  keys: Record<string, KeyFacts>;
}

/** A YAML file that sets stack configuration: a `Pulumi.<env>.yaml` (`config:`) or an ESC definition (`values.pulumiConfig`). */
export interface ConfigFile {
  file: string;
  env: string;
  /** Every `<namespace>:<key>` the file sets. */
  keys: string[];
}

/** A read of another stack's output: `referenceStack(<contract>).output('<output>')` or `fromStackOutput(<contract>, '<output>')`. */
export interface OutputRead extends Where {
  /** The contract's `project` (the producer's Pulumi project). */
  producer: string;
  output: string;
}

/** A contract a stack publishes (`stacks/<s>/contract/*.ts`, `defineStackContract`). */
export interface ContractFacts {
  file: string;
  project: string;
  outputs: string[];
}

export interface StackFacts {
  /** `stacks/<folder>`. */
  root: string;
  folder: string;
  /** `name:` of its Pulumi.yaml, when there is one. */
  pulumiProject?: string;
  /** The config namespace of `config/index.ts`, or why it could not be read. */
  namespace: NamespaceFacts | { problem: string };
  stackFiles: ConfigFile[];
  escDefinitions: ConfigFile[];
  contracts: ContractFacts[];
  outputReads: OutputRead[];
  /** Reads that bypass the typed libraries: `new pulumi.Config(...)`, `new pulumi.StackReference(...)`. */
  untypedReads: Array<Where & { what: 'config' | 'stack-reference' }>;
  /** Test files (`*.test.ts`) under the stack's root. */
  testFiles: number;
  hasReadme: boolean;
}

/** A Python Pulumi file: `__main__.py`, a `.py` importing pulumi, or a Pulumi.yaml with runtime python. */
export interface PythonFinding {
  file: string;
  why: string;
}

export interface WorkspaceFacts {
  projects: ProjectFacts[];
  /** Every `stacks/<folder>` with a Pulumi.yaml or an Nx `type:stack` tag. */
  stacks: StackFacts[];
  /** Team names a `team:<name>` tag may use (the GitHub organisation spec). */
  teams: string[];
  /** The ESC environments every ESC-configured stack deploys to. */
  escEnvironments: readonly string[];
  /** Outputs the tools read from stacks (the secrets sync's contract-sourced secrets), checked in the workspace row. */
  toolReads: OutputRead[];
  /** `##`/`###` headings of the guide (docs/infrastructure/COMPLETE_IAC_GUIDE.md). */
  guideHeadings: string[];
  python: PythonFinding[];
}

export const GUIDE = 'docs/infrastructure/COMPLETE_IAC_GUIDE.md';
