// Scripts the fixtures put in place of the real tools. Both record what they were given as JSON lines.

/**
 * Stub `pulumi`: appends argv, cwd and selected env vars to $PULUMI_STUB_LOG (the log's line order is the
 * order the CLI was started in) and the process that started it; exits with $PULUMI_STUB_EXIT (default 0), or 1
 * for an `up` in the stack folder named by $PULUMI_STUB_FAIL_UP_IN.
 */
export const PULUMI_STUB = `#!/usr/bin/env node
const fs = require('node:fs');
const keys = ['SOPHIA_ENV', 'CI', 'PULUMI_ACCESS_TOKEN', 'PULUMI_CONFIG_PASSPHRASE'];
const env = {};
for (const k of keys) if (process.env[k] !== undefined) env[k] = process.env[k];
fs.appendFileSync(process.env.PULUMI_STUB_LOG, JSON.stringify({ argv: process.argv.slice(2), cwd: process.cwd(), env, at: Date.now(), ppid: process.ppid }) + '\\n');
const failHere = process.env.PULUMI_STUB_FAIL_UP_IN && process.argv[2] === 'up' && require('node:path').basename(process.cwd()) === process.env.PULUMI_STUB_FAIL_UP_IN;
if (failHere) console.error('stub: up fails in ' + process.env.PULUMI_STUB_FAIL_UP_IN);
process.exit(failHere ? 1 : Number(process.env.PULUMI_STUB_EXIT || 0));
`;

/** Stub synth runner: same contract as tools/nx-pulumi/bin/synth.js (writes <out>/<stack>/<env>.json). */
export const SYNTH_STUB = `#!/usr/bin/env node
const fs = require('node:fs');
const path = require('node:path');
const [stackDir, , env, , outDir] = process.argv.slice(2);
const stack = path.basename(stackDir);
const upstream = fs.existsSync(outDir) ? fs.readdirSync(outDir).filter((d) => d !== stack).sort() : [];
if (process.env.SYNTH_STUB_LOG) {
  fs.appendFileSync(process.env.SYNTH_STUB_LOG, JSON.stringify({ argv: process.argv.slice(1), cwd: process.cwd(), upstream }) + '\\n');
}
fs.mkdirSync(path.join(outDir, stack), { recursive: true });
fs.writeFileSync(path.join(outDir, stack, env + '.json'), JSON.stringify({ stack, env, resources: [] }));
`;
