#!/usr/bin/env node
// A stand-in for the `go` command in install tests: serves modules from FAKE_GO_MODULES (a JSON map of
// "path@version" -> go.mod text; absent ones are refused as the module proxy refuses them), records every call in
// FAKE_GO_LOG, and "builds" a binary by writing a small script. FAKE_GO_FAIL_BUILD makes every build fail.
const fs = require('node:fs');
const path = require('node:path');
const args = process.argv.slice(2);
fs.appendFileSync(process.env.FAKE_GO_LOG, JSON.stringify({ args, cwd: process.cwd(), env: { GOTOOLCHAIN: process.env.GOTOOLCHAIN } }) + '\n');
const modules = JSON.parse(process.env.FAKE_GO_MODULES || '{}');
const root = process.env.FAKE_GO_ROOT;

if (args[0] === 'env' && args[1] === 'GOVERSION') {
  console.log(process.env.FAKE_GO_VERSION || 'go1.26.8');
} else if (args[0] === 'mod' && args[1] === 'download') {
  const id = args[3];
  const [p, v] = id.split('@');
  if (!(id in modules)) {
    console.log(JSON.stringify({ Path: p, Version: v, Error: `${id}: reading https://proxy.example/${p}/@v/${v}.info: 403 Forbidden\n\tserver response: This module version is not available.` }));
    process.exit(1);
  }
  const dir = path.join(root, 'mod', id.replace(/[/@]/g, '_'));
  fs.mkdirSync(path.join(dir, 'nodejs', 'dist'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'go.mod'), modules[id]);
  fs.writeFileSync(path.join(dir, 'nodejs', 'dist', 'pulumi-resource-pulumi-nodejs'), '#!/bin/sh\necho shim\n', { mode: 0o444 });
  console.log(JSON.stringify({ Path: p, Version: v, Dir: dir, GoMod: path.join(dir, 'go.mod') }));
} else if (args[0] === 'get') {
  // resolves requirements: nothing to do here
} else if (args[0] === 'build') {
  if (process.env.FAKE_GO_FAIL_BUILD) {
    console.error('./main.go:3:1: syntax error: non-declaration statement outside function body');
    fs.writeFileSync(args[args.indexOf('-o') + 1], 'half');
    process.exit(1);
  }
  fs.writeFileSync(args[args.indexOf('-o') + 1], `#!/bin/sh\necho ${args[args.length - 1]}\n`, { mode: 0o755 });
} else {
  console.error(`fake go: unexpected ${args.join(' ')}`);
  process.exit(2);
}
