import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const WORKSPACE = path.resolve(__dirname, '../../../..');

/** Runs `body` in a fresh Node process (a clean module cache), after deferUnusedSdkModules; prints its JSON. */
function inFreshProcess(body: string, env: NodeJS.ProcessEnv = {}): Record<string, unknown> {
  const script = `
    require('ts-node').register({ transpileOnly: true, swc: true, project: ${JSON.stringify(path.join(WORKSPACE, 'tsconfig.base.json'))} });
    const { deferUnusedSdkModules } = require(${JSON.stringify(path.join(__dirname, 'sdk-modules.ts'))});
    const loaded = (part) => Object.keys(require.cache).some((f) => f.includes(part));
    (async () => { ${body} })().then((r) => process.stdout.write(JSON.stringify(r)), (e) => { console.error(e); process.exit(1); });`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: WORKSPACE, env: { ...process.env, ...env }, encoding: 'utf8' }));
}

jest.setTimeout(60_000);

describe('SDK modules a synth run never uses load on first use', () => {
  it('defers the closure code paths (npm arborist) and the Automation API, and loads each when it is used', () => {
    const result = inFreshProcess(`
      const deferred = deferUnusedSdkModules();
      const pulumi = require('@pulumi/pulumi');
      const atLoad = { arborist: loaded('@npmcli/arborist'), automation: loaded('@pulumi/pulumi/automation/localWorkspace') };
      const workspace = typeof pulumi.automation.LocalWorkspace.create;
      const afterAutomation = loaded('@pulumi/pulumi/automation/localWorkspace');
      const paths = await pulumi.runtime.computeCodePaths({ extraIncludePaths: [], extraIncludePackages: [], extraExcludePackages: ['@pulumi/pulumi'] });
      return { deferred, atLoad, workspace, afterAutomation, arborist: loaded('@npmcli/arborist'), codePaths: paths instanceof Map };`);
    expect(result).toEqual({
      deferred: ['runtime/closure/codePaths', 'automation/index'],
      atLoad: { arborist: false, automation: false },
      workspace: 'function',
      afterAutomation: true,
      arborist: true,
      codePaths: true,
    });
  });

  it('defers nothing once the SDK is loaded: too late, and the real modules are already there', () => {
    const result = inFreshProcess(`
      require('@pulumi/pulumi');
      return { deferred: deferUnusedSdkModules(), arborist: loaded('@npmcli/arborist') };`);
    expect(result).toEqual({ deferred: [], arborist: true });
  });
});
