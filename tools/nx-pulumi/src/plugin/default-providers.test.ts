// Workspace invariant over the real stacks: a stack whose own config keys share a namespace with a provider
// package (`github:` / @pulumi/github, `snowflake:` / @pulumi/snowflake) disables that package's default
// provider, so a resource that misses the explicit provider fails at once instead of reading the stack's keys.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../testing/fixture-workspace';

function stacks(): string[] {
  return readdirSync(join(REPO_ROOT, 'stacks')).filter((d) => existsSync(join(REPO_ROOT, 'stacks', d, 'Pulumi.yaml')));
}

/** Namespaces of the keys in every Pulumi.<env>.yaml of a stack that are also an installed @pulumi provider. */
function providerNamespaces(stack: string): string[] {
  const dir = join(REPO_ROOT, 'stacks', stack);
  const namespaces = new Set<string>();
  for (const f of readdirSync(dir).filter((f) => /^Pulumi\.[^.]+\.yaml$/.test(f))) {
    const config = (parse(readFileSync(join(dir, f), 'utf8')) as { config?: Record<string, unknown> } | null)?.config ?? {};
    for (const key of Object.keys(config)) namespaces.add(key.split(':')[0]!);
  }
  return [...namespaces].filter((ns) => ns !== 'pulumi' && existsSync(join(REPO_ROOT, 'node_modules', '@pulumi', ns, 'provider.js'))).sort();
}

function disabledDefaults(stack: string): string[] {
  const doc = parse(readFileSync(join(REPO_ROOT, 'stacks', stack, 'Pulumi.yaml'), 'utf8')) as {
    config?: Record<string, { value?: unknown }>;
  };
  const value = doc.config?.['pulumi:disable-default-providers']?.value;
  return Array.isArray(value) ? value.map(String) : [];
}

describe('default providers', () => {
  it('the scan finds the colliding namespaces (github and snowflake today)', () => {
    expect(stacks().flatMap(providerNamespaces).sort()).toEqual(expect.arrayContaining(['github', 'snowflake']));
  });

  it.each(stacks())('%s disables the default provider of every package its own keys share a namespace with', (stack) => {
    const disabled = disabledDefaults(stack);
    for (const ns of providerNamespaces(stack)) expect(disabled.includes(ns) || disabled.includes('*')).toBe(true);
  });
});
