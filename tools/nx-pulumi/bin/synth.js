#!/usr/bin/env node
// Offline synth: `node tools/nx-pulumi/bin/synth.js <stack dir> --env <env> --out-dir <dir>` (see src/synth/README.md).
// ts-node in SWC mode (transpile-only; `npm run typecheck` type-checks) runs the TypeScript CLI; the CLI hands
// TypeScript over to a ts-node configured like the Pulumi engine's (the stack's tsconfig) before it loads the program.
// SOPHIA_SYNTH_TRANSPILER=typescript: TypeScript's own transpiler instead, only for `npm run bench`'s before/after.
const swc = process.env.SOPHIA_SYNTH_TRANSPILER !== 'typescript';
require('ts-node').register({ transpileOnly: true, swc, project: require('node:path').join(__dirname, '..', '..', '..', 'tsconfig.base.json') });
// Before the SDK is first loaded: two of its modules that a run never uses (npm's arborist, the Automation API)
// load on first use (src/synth/sdk-modules.ts). SOPHIA_SYNTH_SDK_AS_IS=true: the SDK as is, for the bench only.
if (process.env.SOPHIA_SYNTH_SDK_AS_IS !== 'true') require('../src/synth/sdk-modules').deferUnusedSdkModules();
require('../src/synth/cli').main(process.argv.slice(2)).then((code) => process.exit(code));
