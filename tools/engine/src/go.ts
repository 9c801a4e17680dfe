import { spawnSync } from 'node:child_process';
import type { ModuleVersion } from './gomod';

/**
 * The `go` command, always with GOTOOLCHAIN=local (never download another toolchain: a build that needs a newer Go
 * says so instead) and modules on. GO names another go binary.
 */
export class GoCommand {
  readonly bin: string;
  constructor(private readonly env: NodeJS.ProcessEnv) {
    this.bin = env.GO || 'go';
  }

  run(args: string[], cwd?: string): { ok: boolean; output: string } {
    const r = spawnSync(this.bin, args, {
      cwd,
      env: { ...this.env, GOTOOLCHAIN: 'local', GO111MODULE: 'on', GOFLAGS: '-mod=mod', GOWORK: 'off' },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (r.error) return { ok: false, output: String(r.error.message) };
    return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
  }

  /** `go env GOVERSION` (e.g. go1.26.8), or undefined when there is no usable go. */
  version(): string | undefined {
    const r = this.run(['env', 'GOVERSION']);
    return r.ok ? r.output.trim() : undefined;
  }

  /** Downloads one module into the module cache: its folder and go.mod path, or what go said. */
  download(m: ModuleVersion): { ok: true; dir: string; goMod: string } | { ok: false; output: string } {
    const r = this.run(['mod', 'download', '-json', `${m.path}@${m.version}`]);
    let info: { Dir?: string; GoMod?: string; Error?: string } = {};
    try {
      info = JSON.parse(r.output.slice(r.output.indexOf('{')));
    } catch {
      return { ok: false, output: r.output };
    }
    if (!r.ok || info.Error || !info.Dir || !info.GoMod) return { ok: false, output: info.Error ?? r.output };
    return { ok: true, dir: info.Dir, goMod: info.GoMod };
  }
}
