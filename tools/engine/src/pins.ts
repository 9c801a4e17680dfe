import { ENGINE_VERSION } from '@sophia-ai/pulumi-cli';
import type { ModuleVersion } from './gomod';

/** Where one binary can come from. Tried in order; the first the module proxy serves is built. */
export interface GoSource {
  /** The module to download. */
  module: ModuleVersion;
  /** The main package to build. */
  pkg: string;
  /** Sibling modules that the built module replaces with local folders: pinned to the same release. */
  requires: ModuleVersion[];
  /** Version stamped with the release build's ldflag (`pulumi version` prints it). */
  stampVersion?: string;
  /** Why this source, in one line: printed when it is the one built. */
  note: string;
}

export interface GoBinary {
  name: string;
  sources: GoSource[];
}

const PULUMI = 'github.com/pulumi/pulumi';
const SDK: ModuleVersion = { path: `${PULUMI}/sdk/v3`, version: ENGINE_VERSION };
const PKG: ModuleVersion = { path: `${PULUMI}/pkg/v3`, version: ENGINE_VERSION };
export const VERSION_LDFLAG = `${PULUMI}/sdk/v3/go/common/version.Version`;

/** The commit tagged v3.248.0, as a pseudo-version: the language host's own module has no tags. */
const LANGUAGE_HOST_AT_RELEASE = 'v3.0.0-20260624120734-a88168d865b7';

export const ENGINE_BINARIES: GoBinary[] = [
  {
    name: 'pulumi',
    sources: [
      {
        module: PKG,
        pkg: `${PULUMI}/pkg/v3/cmd/pulumi`,
        requires: [SDK],
        stampVersion: ENGINE_VERSION,
        note: `the Pulumi CLI ${ENGINE_VERSION}`,
      },
    ],
  },
  {
    name: 'pulumi-language-nodejs',
    sources: [
      {
        module: { path: `${PULUMI}/sdk/nodejs/cmd/pulumi-language-nodejs/v3`, version: LANGUAGE_HOST_AT_RELEASE },
        pkg: `${PULUMI}/sdk/nodejs/cmd/pulumi-language-nodejs/v3`,
        requires: [SDK, PKG],
        stampVersion: ENGINE_VERSION,
        note: `the Node.js language host of ${ENGINE_VERSION}`,
      },
      {
        // The last release in which the host lived inside the sdk module. The CLI speaks to it through the same
        // gRPC protocol (it falls back from GetRequiredPackages to GetRequiredPlugins for hosts this old), and the
        // host runs the project's own @pulumi/pulumi (3.247.0) with the arguments that SDK still reads.
        module: { path: `${PULUMI}/sdk/v3`, version: 'v3.68.0' },
        pkg: `${PULUMI}/sdk/v3/nodejs/cmd/pulumi-language-nodejs`,
        requires: [],
        stampVersion: 'v3.68.0',
        note: 'the Node.js language host of v3.68.0 (the module proxy serves no build of the newer one)',
      },
    ],
  },
];

/**
 * Go tools the workspace checks itself with, built beside the engine the same way but not part of it (a failure
 * here does not make the engine unusable): actionlint checks every workflow under .github/workflows.
 */
export const DEV_TOOLS: GoBinary[] = [
  {
    name: 'actionlint',
    sources: [
      {
        module: { path: 'github.com/rhysd/actionlint', version: 'v1.7.12' },
        pkg: 'github.com/rhysd/actionlint/cmd/actionlint',
        requires: [],
        note: 'actionlint v1.7.12 (the GitHub Actions workflow checker)',
      },
    ],
  },
];

/**
 * The dynamic-provider shim: a script in the sdk module (nodejs/dist) that starts @pulumi/pulumi's
 * cmd/dynamic-provider. A release ships it beside the CLI; without it no dynamic resource can be created.
 */
export const DYNAMIC_PROVIDER_SHIM = { module: SDK, file: 'nodejs/dist/pulumi-resource-pulumi-nodejs', name: 'pulumi-resource-pulumi-nodejs' };

/**
 * Resource provider plugins the stacks use, by npm package: the plugin version is the one that package declares
 * (package.json `pulumi.version`), so the stacks and the plugins cannot drift apart.
 */
export const PROVIDER_PLUGINS: Array<{ npmPackage: string; module: (version: string) => string }> = [
  { npmPackage: '@pulumi/random', module: () => 'github.com/pulumi/pulumi-random/provider/v4' },
  { npmPackage: '@pulumi/tls', module: () => 'github.com/pulumi/pulumi-tls/provider/v5' },
  { npmPackage: '@pulumi/github', module: () => 'github.com/pulumi/pulumi-github/provider/v6' },
  { npmPackage: '@pulumi/snowflake', module: (v) => `github.com/pulumi/pulumi-snowflake/provider${majorSuffix(v)}` },
  { npmPackage: '@pulumi/command', module: (v) => `github.com/pulumi/pulumi-command/provider${majorSuffix(v)}` },
  { npmPackage: '@pulumi/pulumiservice', module: (v) => `github.com/pulumi/pulumi-pulumiservice/provider${majorSuffix(v)}` },
];

/** Go's semantic import versioning: major 2 and up is part of the module path. */
export function majorSuffix(version: string): string {
  const major = Number.parseInt(version.replace(/^v/, ''), 10);
  return major >= 2 ? `/v${major}` : '';
}
