import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The launcher that lets the engine run tools/policy-pack (a Node.js policy pack).
 *
 * What the v3.248 engine does with `--policy-pack <dir>` (sdk/go/common/resource/plugin/analyzer_plugin.go,
 * NewPolicyAnalyzer): it reads `<dir>/PulumiPolicy.yaml`; if a language host exists for its runtime, it asks that
 * host to RunPlugin the pack — the v3.248 Node.js host then runs @pulumi/pulumi/cmd/run-policy-pack — else it
 * looks up an analyzer plugin named `pulumi-analyzer-policy-<runtime>` (PATH, then the plugin cache; analyzers
 * are not searched beside the CLI) and starts it in the pack's folder with `<engine address> .`.
 *
 * The host we can build (v3.68.0) answers RunPlugin with "not supported", so a `runtime: nodejs` pack cannot
 * start on our engine. The pack therefore declares `runtime: sophia-nodejs` (no such host exists) and this
 * launcher, written next to the CLI, stands in for what releases up to v3.220 bundled for Node.js packs:
 * pulumi/pulumi `sdk/nodejs/dist/pulumi-analyzer-policy` (removed in v3.221 when packs moved to RunPlugin).
 * Ours is written from that contract, not copied.
 */
export const POLICY_RUNTIME = 'sophia-nodejs';
export const POLICY_LAUNCHER = `pulumi-analyzer-policy-${POLICY_RUNTIME}`;

export const POLICY_LAUNCHER_SCRIPT = `#!/bin/sh
# Written by \`npm run engine:install\` (tools/engine/src/policy-launcher.ts): starts a Node.js policy pack whose
# PulumiPolicy.yaml says \`runtime: ${POLICY_RUNTIME}\`. Stands in for pulumi/pulumi sdk/nodejs/dist/pulumi-analyzer-policy
# (bundled with releases up to v3.220). The engine runs it in the pack's folder: <engine address> . [-option=value]
#
# For a runtime other than nodejs the engine sets only PULUMI_STACK/PROJECT/ORGANIZATION/DRY_RUN; the SDK inside
# the pack reads the PULUMI_NODEJS_* names (as the v3.248 host sets them), so both are given.
for name in STACK PROJECT ORGANIZATION DRY_RUN; do
  eval "value=\\\${PULUMI_NODEJS_\${name}:-\\\${PULUMI_\${name}:-}}"
  [ -n "$value" ] && export "PULUMI_NODEJS_\${name}=$value"
done
# Resolved from the pack's folder, so the pack's own @pulumi/pulumi runs it. When it is missing, node's
# "Cannot find module '@pulumi/pulumi/cmd/run-policy-pack'" is what the engine turns into "run npm install".
entry=$(node -e "process.stdout.write(require.resolve('@pulumi/pulumi/cmd/run-policy-pack'))") || exit 1
exec node "$entry" "$@"
`;

export type LauncherStatus = 'written' | 'unchanged';

/** Writes the launcher into `binDir` when it is absent or differs (or `force`); atomically (a partial file, then a rename). */
export function installPolicyLauncher(binDir: string, force = false): LauncherStatus {
  const target = join(binDir, POLICY_LAUNCHER);
  if (!force && existsSync(target) && readFileSync(target, 'utf8') === POLICY_LAUNCHER_SCRIPT) return 'unchanged';
  writeFileSync(`${target}.partial`, POLICY_LAUNCHER_SCRIPT, { mode: 0o755 });
  chmodSync(`${target}.partial`, 0o755);
  renameSync(`${target}.partial`, target);
  return 'written';
}
