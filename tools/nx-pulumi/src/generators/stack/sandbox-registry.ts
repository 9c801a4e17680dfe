/**
 * Edits of tools/sandbox/src/registry.ts for a new emulator: one import and one entry in EMULATORS, as the
 * registry's own comment asks ("append one line"). Pure text functions; a registry that no longer has the
 * expected shape is an error naming the file, never a silent half-edit.
 */
const REGISTRY = 'tools/sandbox/src/registry.ts';
const ARRAY_START = 'export const EMULATORS: EmulatorRegistration[] = [';

/** One above the highest `defaultPort` registered (4610 when there is none). */
export function nextEmulatorPort(registry: string): number {
  const ports = [...registry.matchAll(/defaultPort:\s*(\d+)/g)].map((m) => Number(m[1]));
  return ports.length ? Math.max(...ports) + 1 : 4610;
}

export function addEmulatorRegistration(
  registry: string,
  e: { name: string; pascal: string; constant: string; port: number },
): string {
  const start = registry.indexOf(ARRAY_START);
  const end = start < 0 ? -1 : registry.indexOf('\n];', start);
  const lastImport = registry.lastIndexOf("\nimport ");
  if (start < 0 || end < 0 || lastImport < 0) {
    throw new Error(`${REGISTRY} no longer has the shape the stack generator edits (imports, then \`${ARRAY_START} … ];\`): add the ${e.name} emulator there by hand`);
  }
  const importEnd = registry.indexOf('\n', lastImport + 1);
  const importLine = `\nimport { ${e.pascal}Emulator } from './${e.name}/emulator';`;
  const entry = `\n  { name: '${e.name}', defaultPort: ${e.port}, portEnv: 'SANDBOX_${e.constant}_PORT', create: () => new ${e.pascal}Emulator() },`;
  return registry.slice(0, importEnd) + importLine + registry.slice(importEnd, end) + entry + registry.slice(end);
}
