// The one launcher of the workspace's TypeScript CLIs (tools/*/bin/*.js): ts-node in SWC mode, transpile-only
// (`npm run typecheck` type-checks), then `main(argv)` of the tool's src/cli.ts, whose promise is the exit code.
// tools/nx-pulumi/bin/synth.js keeps its own: it chooses the transpiler and hands TypeScript to the stack's config.
'use strict';
const path = require('node:path');

/** `binDir`: the calling bin's `__dirname` (tools/<tool>/bin). */
module.exports = function runTsCli(binDir) {
  require('ts-node').register({ transpileOnly: true, swc: true, project: path.join(__dirname, '..', 'tsconfig.base.json') });
  require(path.join(binDir, '..', 'src', 'cli'))
    .main(process.argv.slice(2))
    .then((code) => {
      process.exitCode = code;
    });
};
