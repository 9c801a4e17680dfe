import * as pulumi from '@pulumi/pulumi';
import { loadConfig } from '@sophia-ai/config';
import { escConfig } from '@sophia-ai/esc-config';
import { escStack } from '@sophia-ai/esc-contract';
import { declareOutputs } from '@sophia-ai/stack-refs';
import { planAccess } from './src/access';
import { planDrift } from './src/drift';
import { escEnvironmentOf } from './src/definitions';
import { EscPlatform } from './src/components/platform';
import { committedDefinitions, createOnlyDefinitions, readManifest } from './src/files';
import { assertImportsDefined } from './src/imports-check';

// Typed config in: which ESC environment, whether this stack owns the teams, what to adopt, drift schedules.
const config = loadConfig(escConfig);
const env = escEnvironmentOf(config.environment, pulumi.getStack());
const manifest = readManifest();
// Every stack's Pulumi.<env>.yaml must import only environments defined here (else: file and name, nothing created).
assertImportsDefined(manifest);

const access = planAccess(env, manifest, pulumi.getProject());
const managedStacks = [...new Set(access.stacks.map((s) => s.project))].filter((p) => p !== pulumi.getProject());

// One component: the committed definitions, the secrets environment, the teams (the GitHub spec's, via the
// manifest), who may use what, and (opt-in) a drift schedule per stack.
const platform = new EscPlatform('esc', {
  organization: pulumi.getOrganization(),
  env,
  definitions: committedDefinitions(env, manifest),
  createOnly: createOnlyDefinitions(env, manifest),
  access,
  manageTeams: config.manageTeams,
  adopt: new Set(config.adoptExisting),
  drift: planDrift(config.drift, managedStacks, env),
});

// Typed outputs out.
export = declareOutputs(escStack, platform.outputs);
