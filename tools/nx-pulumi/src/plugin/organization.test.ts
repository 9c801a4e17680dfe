import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pluginOptions, workspaceOrganization } from './organization';

describe('the organisation synth uses (same rules as the targets)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'org-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const nxJson = (plugins: unknown[]) => writeFileSync(join(dir, 'nx.json'), JSON.stringify({ plugins }));

  it('reads the nx.json plugin option, under SOPHIA_PULUMI_ORG and a DIY backend', () => {
    nxJson(['@nx/jest/plugin', { plugin: './tools/nx-pulumi', options: { organization: 'acme' } }]);
    expect(workspaceOrganization(dir, {})).toBe('acme');
    expect(workspaceOrganization(dir, { SOPHIA_PULUMI_ORG: 'other' })).toBe('other');
    expect(workspaceOrganization(dir, { PULUMI_BACKEND_URL: 'file:///state' })).toBe('organization');
  });

  it('falls back to sophia-ai without the option or without nx.json', () => {
    nxJson(['./tools/nx-pulumi']);
    expect(workspaceOrganization(dir, {})).toBe('sophia-ai');
    expect(pluginOptions(undefined)).toEqual({});
    expect(workspaceOrganization(join(dir, 'missing'), {})).toBe('sophia-ai');
  });
});
