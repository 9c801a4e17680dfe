#!/usr/bin/env node
// Offline synth: `node tools/nx-pulumi/bin/synth.js <stack dir> --env <env> --out-dir <dir>` (see src/synth/README.md).
// ts-node (transpile-only; `npm run typecheck` type-checks) runs the TypeScript CLI; the CLI hands TypeScript
// over to a ts-node configured like the Pulumi engine's before it loads the stack program.
require('ts-node').register({ transpileOnly: true, project: require('node:path').join(__dirname, '..', '..', '..', 'tsconfig.base.json') });
require('../src/synth/cli').main(process.argv.slice(2)).then((code) => process.exit(code));
