#!/usr/bin/env node
// `node tools/plan-diff/bin/plan-diff.js --base <ref> --head <ref> [--env local] [--out comment.md] [--json
// plan-diff.json]` (see ../README.md).
require('../../run-ts-cli')(__dirname); // runs ../src/cli.ts
