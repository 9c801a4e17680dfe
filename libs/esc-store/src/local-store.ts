import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DefinitionEdit } from './edit';
import { AlreadyExistsError, ConflictError } from './errors';
import { ESC_NAME_PATTERN, type EscEnvRef, ESC_ORG } from '@sophia-ai/stack-refs/src/esc-naming';
import { type EscDefinition, type EscStore, parseDefinitionDoc, type UpdateOptions, updateVia, type WriteResult } from './store';

/** Default directory of the local store: `$SOPHIA_ESC_DIR`, else `~/.sophia-ai/esc`. */
export function defaultLocalEscDir(): string {
  return process.env.SOPHIA_ESC_DIR || path.join(os.homedir(), '.sophia-ai', 'esc');
}

export function contentEtag(text: string): string {
  return 'sha256:' + crypto.createHash('sha256').update(text).digest('hex');
}

/**
 * ESC definitions as YAML files `<dir>/<project>/<env>.yaml` — the store for the `local` environment, the
 * sandbox and tests. Secret values stay as written (`fn::secret: <plaintext>`): keep the directory private.
 * Writes are atomic (temp file + rename, under an exclusive lock file); conflicts are detected by content hash.
 */
export class LocalDirEscStore implements EscStore {
  constructor(
    readonly dir: string = defaultLocalEscDir(),
    readonly org: string = ESC_ORG,
  ) {}

  describe(): string {
    return `local:${this.dir}`;
  }

  file(ref: EscEnvRef): string {
    if (!ESC_NAME_PATTERN.test(ref.project) || !ESC_NAME_PATTERN.test(ref.name) || ref.project.startsWith('.') || ref.name.startsWith('.')) {
      throw new Error(`Invalid ESC environment name ${ref.project}/${ref.name}`);
    }
    return path.join(this.dir, ref.project, `${ref.name}.yaml`);
  }

  async list(): Promise<EscEnvRef[]> {
    if (!fs.existsSync(this.dir)) return [];
    const out: EscEnvRef[] = [];
    for (const project of fs.readdirSync(this.dir).sort()) {
      const pdir = path.join(this.dir, project);
      if (!ESC_NAME_PATTERN.test(project) || !fs.statSync(pdir).isDirectory()) continue;
      for (const f of fs.readdirSync(pdir).sort()) {
        if (f.endsWith('.yaml') && ESC_NAME_PATTERN.test(f.slice(0, -5))) out.push({ org: this.org, project, name: f.slice(0, -5) });
      }
    }
    return out;
  }

  async read(ref: EscEnvRef): Promise<EscDefinition | undefined> {
    let yaml: string;
    try {
      yaml = fs.readFileSync(this.file(ref), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
    return { ref, yaml, doc: parseDefinitionDoc(ref, yaml), etag: contentEtag(yaml) };
  }

  async create(ref: EscEnvRef): Promise<void> {
    const file = this.file(ref);
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    try {
      fs.writeFileSync(file, 'values: {}\n', { flag: 'wx', mode: 0o600 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new AlreadyExistsError(ref);
      throw e;
    }
  }

  async write(ref: EscEnvRef, yaml: string, etag: string): Promise<WriteResult> {
    parseDefinitionDoc(ref, yaml);
    const file = this.file(ref);
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const lock = `${file}.lock`;
    let fd: number;
    try {
      fd = fs.openSync(lock, 'wx', 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new ConflictError(ref, `another writer holds ${lock}`);
      throw e;
    }
    try {
      let current: string | undefined;
      try {
        current = fs.readFileSync(file, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
      if (current === undefined || contentEtag(current) !== etag) {
        throw new ConflictError(ref, current === undefined ? 'it was deleted since it was read' : undefined);
      }
      const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
      fs.writeFileSync(tmp, yaml, { mode: 0o600 });
      fs.renameSync(tmp, file);
      return { etag: contentEtag(yaml) };
    } finally {
      fs.closeSync(fd);
      fs.rmSync(lock, { force: true });
    }
  }

  update(ref: EscEnvRef, edits: DefinitionEdit[], opts?: UpdateOptions) {
    return updateVia(this, ref, edits, opts);
  }
}
