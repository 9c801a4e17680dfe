/** Structural copies of the dynamic provider result types (no @pulumi/pulumi import in runtime code). */
export interface CheckResult {
  inputs: Record<string, unknown>;
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
  outs: Record<string, unknown>;
}
export interface ReadResult {
  id?: string;
  props?: Record<string, unknown>;
}
export interface UpdateResult {
  outs: Record<string, unknown>;
}
