import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveOrganization } from '@sophia-ai/stack-refs/src/naming';
import type { NxPulumiPluginOptions } from './targets';

/** This plugin's entry in nx.json `plugins` (a string or `{ plugin, options }`). */
export const PLUGIN_NAME = './tools/nx-pulumi';

interface NxJsonLike {
  plugins?: Array<string | { plugin: string; options?: unknown }>;
}

/** The plugin options written in nx.json (`{}` when the plugin is listed without options). */
export function pluginOptions(nxJson: NxJsonLike | undefined): NxPulumiPluginOptions {
  for (const entry of nxJson?.plugins ?? []) {
    if (typeof entry !== 'string' && entry.plugin === PLUGIN_NAME) return (entry.options ?? {}) as NxPulumiPluginOptions;
  }
  return {};
}

/**
 * The organisation of the workspace's stacks (libs/stack-refs naming rules) with the nx.json option read from
 * the workspace root: synth runs outside Nx's option passing, and must name the same organisation the targets use.
 */
export function workspaceOrganization(workspaceRoot: string, env: NodeJS.ProcessEnv): string {
  let nxJson: NxJsonLike | undefined;
  try {
    nxJson = JSON.parse(readFileSync(join(workspaceRoot, 'nx.json'), 'utf8')) as NxJsonLike;
  } catch {
    nxJson = undefined; // no nx.json (a bare synth run): environment and default only
  }
  return resolveOrganization({ env, configured: pluginOptions(nxJson).organization });
}
