import { join } from 'node:path';
import { synthArgv } from './executor';

describe('synthArgv', () => {
  const root = '/ws';
  it('runs bin/synth.js on the absolute stack dir with env local by default', () => {
    expect(synthArgv(root, '/ws/stacks/esc', {})).toEqual([
      join(root, 'tools/nx-pulumi/bin/synth.js'), '/ws/stacks/esc', '--env', 'local', '--out-dir', join(root, 'dist/synth'),
    ]);
  });
  it('does not read SOPHIA_ENV; --env wins', () => {
    process.env.SOPHIA_ENV = 'production';
    try {
      expect(synthArgv(root, '/ws/stacks/esc', {})[3]).toBe('local');
      expect(synthArgv(root, '/ws/stacks/esc', { env: 'staging' })[3]).toBe('staging');
    } finally {
      delete process.env.SOPHIA_ENV;
    }
  });
  it('rejects odd env names', () => {
    expect(() => synthArgv(root, '/ws/stacks/esc', { env: '../etc' })).toThrow(/Invalid synth env/);
  });
});
