/**
 * What a provider runtime module exports, and the results its functions return: structural copies of the
 * dynamic provider types, so runtime code never imports @pulumi/pulumi (it runs in the engine's provider host).
 */
export type Props = Record<string, unknown>;

export interface CheckResult {
  inputs: Props;
  failures: Array<{ property: string; reason: string }>;
}
export interface DiffResult {
  changes: boolean;
  replaces?: string[];
  stables?: string[];
  deleteBeforeReplace?: boolean;
}
export interface CreateResult {
  id: string;
  outs: Props;
}
/** `{}` (no id) means the object is gone: the engine drops it from the stack. */
export interface ReadResult {
  id?: string;
  props?: Props;
}
export interface UpdateResult {
  outs: Props;
}

/**
 * One resource kind's runtime: the six provider calls, each taking runtime options last (tests inject clocks
 * and URLs; the engine passes none). `remove` is `delete` (a reserved word as a module export).
 */
export interface KindRuntime<O = never> {
  /** State schema version this kind writes into every output (see state.ts). */
  readonly stateVersion: number;
  check(olds: Props, news: Props, o?: O): Promise<CheckResult>;
  diff(id: string, olds: Props, news: Props): Promise<DiffResult>;
  create(inputs: Props, o?: O): Promise<CreateResult>;
  read(id: string, props: Props, o?: O): Promise<ReadResult>;
  update(id: string, olds: Props, news: Props, o?: O): Promise<UpdateResult>;
  remove(id: string, props: Props, o?: O): Promise<void>;
}

/** The stack configuration as the engine hands it to `configure` (full `namespace:key` names). */
export interface ProviderConfig {
  get(key: string): string | undefined;
}

/** A runtime module: `configure` plus one export per resource kind. */
export interface ProviderRuntime {
  configure?(config: ProviderConfig): void;
}

/**
 * What the engine hands `check` (and `diff`) in a preview for an input not known yet, e.g. the id of a resource
 * still to be created: check such a value again at `up`, never reject it.
 */
export const UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';
