import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { EscEmulator } from './emulator';
import { seedWorkspaceDefinitions } from './workspace';

describe('seedWorkspaceDefinitions (what sandbox:serve holds)', () => {
  it("seeds every stack's committed definitions under their ESC names, and an empty secrets environment per environment", () => {
    const root = mkdtempSync(path.join(tmpdir(), 'esc-seed-'));
    try {
      const write = (rel: string, text: string) => {
        mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
        writeFileSync(path.join(root, rel), text);
      };
      write('stacks/alpha/esc/dev.yaml', 'imports:\n  - sophia-ai/secrets-dev\nvalues:\n  pulumiConfig:\n    alpha:region: eu\n');
      write('stacks/alpha/esc/production.yaml', 'values: {}\n');
      write('stacks/alpha/esc/project.json', '{}');
      write('stacks/beta/Pulumi.yaml', 'name: beta\n');
      const esc = new EscEmulator();
      expect(seedWorkspaceDefinitions(esc, root, 'acme')).toEqual([
        { name: 'alpha-dev', file: 'stacks/alpha/esc/dev.yaml' },
        { name: 'alpha-production', file: 'stacks/alpha/esc/production.yaml' },
        { name: 'secrets-dev' },
        { name: 'secrets-production' },
      ]);
      expect(esc.stored('acme', 'sophia-ai', 'alpha-dev')).toContain('alpha:region: eu');
      expect(esc.stored('acme', 'sophia-ai', 'secrets-production')).toContain('values: {}');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('holds the real workspace: every stack with definitions, in every ESC environment', () => {
    const names = seedWorkspaceDefinitions(new EscEmulator()).map((d) => d.name);
    for (const stack of ['estuary', 'github', 'lambda-labs', 'portkey', 'snowflake']) {
      for (const env of ['dev', 'staging', 'production']) expect(names).toContain(`${stack}-${env}`);
    }
    expect(names).toEqual(expect.arrayContaining(['secrets-dev', 'secrets-staging', 'secrets-production']));
  });
});
