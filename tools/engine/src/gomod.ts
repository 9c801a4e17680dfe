/**
 * Just enough of go.mod to build a released Go command from the module proxy. `go install module@version`
 * refuses a module whose go.mod has replace directives, so we build from a wrapper module of our own that
 * requires the module (and, for its local replaces, the sibling modules at the same release) and repeats its
 * non-local replace directives, which would otherwise be lost (MVS ignores replaces of dependencies).
 */

export interface ModuleVersion {
  path: string;
  version: string;
}

export interface Replace {
  from: string;
  fromVersion?: string;
  /** A module path (non-local) or a file path (local: starts with ./ ../ or /). */
  to: string;
  toVersion?: string;
  local: boolean;
}

/** Every replace directive of a go.mod, single-line and block forms; comments ignored. */
export function parseReplaces(goMod: string): Replace[] {
  const replaces: Replace[] = [];
  let inBlock = false;
  for (const raw of goMod.split('\n')) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (!line) continue;
    if (inBlock) {
      if (line === ')') inBlock = false;
      else replaces.push(parseReplaceBody(line));
      continue;
    }
    if (/^replace\s*\($/.test(line)) inBlock = true;
    else if (line.startsWith('replace ')) replaces.push(parseReplaceBody(line.slice('replace '.length)));
  }
  return replaces;
}

function parseReplaceBody(body: string): Replace {
  const [left, right] = body.split('=>').map((side) => side.trim().split(/\s+/));
  if (!left?.[0] || !right?.[0]) throw new Error(`not a replace directive: ${body}`);
  const to = right[0];
  return {
    from: left[0],
    ...(left[1] ? { fromVersion: left[1] } : {}),
    to,
    ...(right[1] ? { toVersion: right[1] } : {}),
    local: /^(\.\.?\/|\/)/.test(to) || to === '.' || to === '..',
  };
}

/** The `go` directive of a go.mod (the oldest toolchain that may build it), or undefined. */
export function goDirective(goMod: string): string | undefined {
  return /^go\s+(\d+\.\d+(?:\.\d+)?)\s*$/m.exec(goMod)?.[1];
}

/** -1, 0 or 1 for Go versions such as 1.25, 1.25.11, go1.26.8. */
export function compareGoVersions(a: string, b: string): number {
  const parts = (v: string) => v.replace(/^go/, '').split('.').map((n) => Number.parseInt(n, 10) || 0);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/**
 * The wrapper's go.mod: the built module's non-local replaces repeated. Its local replaces must each be covered by
 * one of `requires` (the sibling module at the same release), else the build would silently use another version.
 */
export function wrapperGoMod(opts: { module: string; go: string; built: ModuleVersion; requires: ModuleVersion[]; builtGoMod: string }): string {
  const replaces = parseReplaces(opts.builtGoMod);
  const required = new Set([opts.built.path, ...opts.requires.map((r) => r.path)]);
  const uncovered = replaces.filter((r) => r.local && !required.has(r.from));
  if (uncovered.length > 0) {
    throw new Error(
      `${opts.built.path}@${opts.built.version} replaces ${uncovered.map((r) => `${r.from} => ${r.to}`).join(', ')} ` +
        'with a local folder that a module download does not contain; pin that module in the engine pins',
    );
  }
  const lines = [`module ${opts.module}`, '', `go ${opts.go}`, '', 'require ('];
  for (const r of [opts.built, ...opts.requires]) lines.push(`\t${r.path} ${r.version}`);
  lines.push(')');
  const kept = replaces.filter((r) => !r.local);
  if (kept.length > 0) {
    lines.push('', `// Repeated from ${opts.built.path}@${opts.built.version}'s go.mod.`, 'replace (');
    for (const r of kept) {
      const from = r.fromVersion ? `${r.from} ${r.fromVersion}` : r.from;
      const to = r.toVersion ? `${r.to} ${r.toVersion}` : r.to;
      lines.push(`\t${from} => ${to}`);
    }
    lines.push(')');
  }
  return lines.join('\n') + '\n';
}
