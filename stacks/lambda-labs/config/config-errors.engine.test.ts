import * as path from 'node:path';
import { createEngineSandbox, describeOnEngine, type EngineSandbox } from '@sophia-ai/pulumi-testing';

// The same config mistakes on the real engine (`pulumi preview`, as `nx run lambda-labs:preview` runs it): the
// language host must print ConfigError's message alone, not "unhandled exception" with a stack trace and the
// error object's fields. Runs with `npm run test:engine` when the Pulumi CLI is available.
const STACK = path.join(__dirname, '__fixtures__', 'lambda-config');

// Long enough to wait for the working tree (preserve takes turns with the suites that rewrite stack files).
jest.setTimeout(600_000);

describeOnEngine('lambda-labs config mistakes on pulumi preview', (cli) => {
  let sandbox: EngineSandbox;
  beforeAll(() => {
    sandbox = createEngineSandbox(cli);
    sandbox.preserve(path.join(STACK, 'Pulumi.mistakes.yaml'));
  });
  afterAll(() => sandbox?.dispose());

  it('prints every problem once, with no stack trace, no value, and exits non-zero', async () => {
    await sandbox.pulumi(['stack', 'init', 'organization/lambda-labs/mistakes', '--non-interactive'], { cwd: STACK });
    const run = await sandbox.pulumi(['preview', '--stack', 'organization/lambda-labs/mistakes', '--non-interactive'], { cwd: STACK, allowFailure: true });
    const text = run.stdout + run.stderr;
    expect(run.code).not.toBe(0);
    expect(text).toContain('Configuration of lambda-labs for environment "mistakes" has 7 problems');
    expect(text).toContain('lambda-labs:apiKey: is set in plain text');
    expect(text).toContain('lambda-labs:regoin: unknown key (did you mean lambda-labs:region?)');
    expect(text).toContain('lambda-labs:instanceCount: invalid: must be between 1 and 8');
    expect(text).not.toMatch(/unhandled exception|\n\s+at |problems: \[/);
    expect(text).not.toContain('CANARY');
  });
});
