import {
  currentMonitor,
  decodeStruct,
  type ReadRequestLike,
  type RegisterRequestLike,
  type UrnResponseLike,
} from './sdk-internals';

/** One resource the program registered (or read, like a StackReference), as the engine would have seen it. */
export interface RecordedResource {
  urn: string;
  type: string;
  name: string;
  /** Parent URN from the registration request; absent for roots. */
  parent?: string;
  /** URNs this resource depends on (explicit `dependsOn` plus dependencies implied by Output inputs). */
  dependencies: string[];
  /** Per-input dependencies, as the SDK sent them. */
  propertyDependencies: Record<string, string[]>;
  /** Decoded inputs; secrets are still `{ <sigKey>: <secretSig>, value }` objects. Use `redact()` before printing. */
  inputs: Record<string, unknown>;
  custom: boolean;
  /** Provider reference (`<provider urn>::<id>`) when one was given explicitly. */
  provider?: string;
  /** `read` for `get`/StackReference reads (id is the read id), `register` otherwise. */
  operation: 'register' | 'read';
  id?: string;
  /** Resource options the engine (not the provider) acts on; set only when the program gave them. */
  ignoreChanges?: string[];
  retainOnDelete?: boolean;
  /** `import` option: the id of an existing object the engine adopts instead of creating. */
  importId?: string;
}

/** Counts activity so `settle()` can tell when registrations have stopped arriving. */
export interface RecorderState {
  resources: RecordedResource[];
  errors: Error[];
  activity: number;
}

/**
 * Wraps the installed MockMonitor's registerResource/readResource. `MockResourceArgs` has no parent or
 * dependencies (pulumi/pulumi#14421), but the protobuf request the monitor receives does: we read them from
 * there, and take the URN from the monitor's own response, so nothing here is reconstructed or guessed.
 */
export function installRecorder(state: RecorderState): void {
  const monitor = currentMonitor();
  const register = monitor.registerResource.bind(monitor);
  const read = monitor.readResource.bind(monitor);

  monitor.registerResource = (req: RegisterRequestLike, cb) => {
    state.activity++;
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((deps, key) => {
      propertyDependencies[key] = [...deps.getUrnsList()];
    });
    const base = {
      type: req.getType(),
      name: req.getName(),
      parent: req.getParent() || undefined,
      dependencies: [...req.getDependenciesList()],
      propertyDependencies,
      inputs: decodeStruct(req.getObject()),
      custom: req.getCustom(),
      provider: req.getProvider() || undefined,
      operation: 'register' as const,
      ignoreChanges: req.getIgnorechangesList().length ? [...req.getIgnorechangesList()] : undefined,
      retainOnDelete: req.getRetainondelete() || undefined,
      importId: req.getImportid() || undefined,
    };
    return register(req, wrapCallback(state, base, cb));
  };

  monitor.readResource = (req: ReadRequestLike, cb) => {
    state.activity++;
    const base = {
      type: req.getType(),
      name: req.getName(),
      parent: req.getParent() || undefined,
      dependencies: [...req.getDependenciesList()],
      propertyDependencies: {},
      inputs: decodeStruct(req.getProperties()),
      custom: true,
      provider: req.getProvider() || undefined,
      operation: 'read' as const,
      id: req.getId(),
    };
    return read(req, wrapCallback(state, base, cb));
  };
}

function wrapCallback(
  state: RecorderState,
  base: Omit<RecordedResource, 'urn'>,
  cb: (err: unknown, resp?: UrnResponseLike) => void,
): (err: unknown, resp?: UrnResponseLike) => void {
  return (err, resp) => {
    state.activity++;
    if (err) {
      state.errors.push(err instanceof Error ? err : new Error(String(err)));
    } else if (resp) {
      state.resources.push({ urn: resp.getUrn(), ...base });
    }
    cb(err, resp);
  };
}
