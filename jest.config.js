// `npm test` runs every project's tests in one Jest process pool.
// Each project folder with a jest.config.js is a Jest project (and an Nx `test` target via @nx/jest/plugin):
// libs/*, tools/*, stacks/* and a stack's own config/ and contract/ projects (stacks/*/config, stacks/*/contract).
const fs = require('node:fs');
const path = require('node:path');

const configs = (dir) => (fs.existsSync(dir) ? fs.readdirSync(dir).map((name) => path.join(dir, name, 'jest.config.js')) : []);
const projects = ['libs', 'tools', 'stacks']
  .flatMap((group) => configs(path.join(__dirname, group)))
  .flatMap((file) => [file, ...['config', 'contract'].map((sub) => path.join(path.dirname(file), sub, 'jest.config.js'))])
  .filter((file) => fs.existsSync(file));

// A hang guard, not a speed check: many tests start servers, emulators, CLIs or a browser, and on a loaded 2-core CI
// machine one can outlast Jest's 5 s default. (A global option: Jest ignores it in a project's config.) Suites that
// run the real engine set longer ones themselves.
// Two workers at least: most suites spend their time in child processes (nx, tsc, the engine, emulators), so on a
// 2-core machine Jest's default of one worker (cores − 1) leaves a core idle (the full run: 17 → 11 min).
const maxWorkers = Math.max(2, require('node:os').availableParallelism() - 1);

module.exports = { projects, testTimeout: 60_000, maxWorkers };
