import * as pulumi from '@pulumi/pulumi';
import { loadConfig } from '@sophia-ai/config';
import { escConfig } from '@sophia-ai/esc-config';
import { escStack } from '@sophia-ai/esc-contract';
import { declareOutputs } from '@sophia-ai/stack-refs';
import { planAccess } from './src/access';
import { escEnvironmentOf } from './src/definitions';
import { EscPlatform } from './src/components/platform';
import { committedDefinitions, createOnlyDefinitions, readManifest } from './src/files';
import { assertImportsDefined } from './src/imports-check';

// Typed config in: which ESC environment, whether this stack owns the teams, what to adopt.
const config = loadConfig(escConfig);
const env = escEnvironmentOf(config.environment, pulumi.getStack());
const manifest = readManifest();
// Every stack's Pulumi.<env>.yaml must import only environments defined here (else: file and name, nothing created).
assertImportsDefined(manifest);

// One component: the committed definitions, the secrets environment, the teams (the GitHub spec's, via the
// manifest) and who may use what.
const platform = new EscPlatform('esc', {
  organization: pulumi.getOrganization(),
  env,
  definitions: committedDefinitions(env, manifest),
  createOnly: createOnlyDefinitions(env, manifest),
  access: planAccess(env, manifest, pulumi.getProject()),
  manageTeams: config.manageTeams,
  adopt: new Set(config.adoptExisting),
});

// Typed outputs out.
export = declareOutputs(escStack, platform.outputs);
