import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { linkNodeModules } from './checkout';

describe('linkNodeModules', () => {
  let root: string;
  beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-diff-links-'))));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  };

  it("links third-party packages to the workspace's and the checkout's own packages to the checkout", () => {
    // The workspace: npm linked its own packages to its folders.
    write('ws/libs/policy/package.json', '{"name":"@sophia-ai/policy"}');
    write('ws/node_modules/zod/package.json', '{"name":"zod"}');
    write('ws/node_modules/@pulumi/pulumi/package.json', '{}');
    write('ws/node_modules/@sophia-ai/other/package.json', '{}');
    write('ws/node_modules/.bin/nx', '');
    write('ws/node_modules/.cache/x', '');
    fs.symlinkSync('../../libs/policy', path.join(root, 'ws/node_modules/@sophia-ai/policy'));
    // The checkout: its own policy and a package the workspace has not installed yet.
    write('co/package.json', JSON.stringify({ workspaces: ['libs/*', 'stacks/*/config'] }));
    write('co/libs/policy/package.json', '{"name":"@sophia-ai/policy"}');
    write('co/libs/fresh/package.json', '{"name":"@sophia-ai/fresh"}');
    write('co/stacks/s/config/package.json', '{"name":"s-config"}');

    linkNodeModules(path.join(root, 'co'), path.join(root, 'ws/node_modules'));
    const nm = path.join(root, 'co/node_modules');
    const target = (p: string) => fs.realpathSync(path.join(nm, p));
    expect(target('@sophia-ai/policy')).toBe(fs.realpathSync(path.join(root, 'co/libs/policy')));
    expect(target('@sophia-ai/fresh')).toBe(fs.realpathSync(path.join(root, 'co/libs/fresh')));
    expect(target('s-config')).toBe(fs.realpathSync(path.join(root, 'co/stacks/s/config')));
    expect(target('@sophia-ai/other')).toBe(fs.realpathSync(path.join(root, 'ws/node_modules/@sophia-ai/other')));
    expect(target('zod')).toBe(fs.realpathSync(path.join(root, 'ws/node_modules/zod')));
    expect(target('@pulumi')).toBe(fs.realpathSync(path.join(root, 'ws/node_modules/@pulumi')));
    expect(fs.existsSync(path.join(nm, '.bin/nx'))).toBe(true);
    expect(fs.existsSync(path.join(nm, '.cache'))).toBe(false);
    expect(fs.lstatSync(path.join(nm, '@sophia-ai')).isSymbolicLink()).toBe(false); // a real folder: the workspace's stays untouched
  });
});
