import { failureReasons } from './run-synth';

describe('failureReasons', () => {
  it("takes each stack's synth error line, and marks the stacks Nx did not run", () => {
    const log = [
      '> nx run github:synth --env=dev',
      'synth failed: github: Configuration of github for environment "dev" has 2 problems:',
      '  - github:owner: missing (setting: …)',
      '> nx run snowflake:synth --env=dev',
      'synth failed: snowflake: Configuration \'snowflake:adminPrivateKey\' is encrypted (secure:)',
      ' NX   Running target synth for 6 projects failed',
      'Tasks not run because their dependencies failed or --nx-bail=true:',
      '- estuary:synth',
      'Failed tasks:',
      '- snowflake:synth',
      '- github:synth',
      '- lambda-labs:synth',
    ].join('\n');
    expect(Object.fromEntries(failureReasons(log))).toEqual({
      github: 'Configuration of github for environment "dev" has 2 problems (listed in the synth output)',
      snowflake: "Configuration 'snowflake:adminPrivateKey' is encrypted (secure:)",
      estuary: 'not run: a stack it reads failed to synthesise',
    }); // lambda-labs failed without an error line of synth's: it keeps the generic "no plan" reason

  });
});
