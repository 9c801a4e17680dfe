/**
 * Turns what `go` printed into one sentence a user can act on: which module and version failed, and whether the
 * module proxy refused it, could not be reached, or the toolchain is too old. URLs are left out: the module and
 * version say what is missing; the proxy's address is the user's own setting (GOPROXY).
 */
export type GoFailureKind = 'refused' | 'unreachable' | 'toolchain' | 'build';

export interface GoFailure {
  kind: GoFailureKind;
  module: string;
  version: string;
  message: string;
}

export function classifyGoFailure(module: string, version: string, output: string): GoFailure {
  const text = output.replace(/https?:\/\/\S+/g, '<proxy>');
  const what = `${module}@${version}`;
  const status = /\b(403 Forbidden|404 Not Found|410 Gone)\b/.exec(text)?.[1];
  const serverSaid = /server response:\s*(.+)/.exec(text)?.[1]?.trim();
  if (status || /unknown revision|invalid version|no matching versions/.test(text)) {
    const detail = [status, serverSaid].filter(Boolean).join(': ') || firstLine(text);
    return { kind: 'refused', module, version, message: `the Go module proxy does not serve ${what} (${detail})` };
  }
  if (/Could not resolve host|no such host|dial tcp|i\/o timeout|TLS handshake timeout|connection refused/.test(text)) {
    return { kind: 'unreachable', module, version, message: `could not reach the Go module proxy for ${what} (${firstLine(text)}); check GOPROXY and the network` };
  }
  const needs = /requires go >= (\S+)/.exec(text)?.[1];
  if (needs) {
    return { kind: 'toolchain', module, version, message: `${what} needs Go ${needs} or newer (GOTOOLCHAIN=local forbids downloading one); install a newer Go` };
  }
  return { kind: 'build', module, version, message: `building ${what} failed:\n${tail(text, 30)}` };
}

function firstLine(text: string): string {
  return text.split('\n').map((l) => l.replace(/^go: /, '').trim()).find(Boolean) ?? 'no output';
}

function tail(text: string, lines: number): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
