import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { escEnvName } from '@sophia-ai/stack-refs/src/esc-naming';
import { escKeyLocation } from '@sophia-ai/config';
import { readManifest } from './files';
import { discoverServices } from './services';
import { ESC_ENVIRONMENTS } from './definitions';
import { definedEnvironments, missingEnvironmentProblems } from './imports-check';
import type { Manifest } from './definitions';

describe('missingEnvironmentProblems', () => {
  it('finds nothing in this workspace: every Pulumi.<env>.yaml imports an environment stacks/esc defines', () => {
    expect(missingEnvironmentProblems(readManifest())).toEqual([]);
  });

  it("finds every key's declared ESC environment among those stacks/esc defines", () => {
    const defined = definedEnvironments(readManifest());
    const locations = discoverServices().flatMap((s) =>
      Object.keys(s.namespace.keys).flatMap((key) => ESC_ENVIRONMENTS.map((env) => escKeyLocation(s.namespace, key, env))),
    );
    expect(locations.length).toBeGreaterThan(0);
    expect(locations.filter((loc) => !defined.has(escEnvName(loc.env))).map((loc) => `${loc.configKey} in ${escEnvName(loc.env)}`)).toEqual([]);
  });

  describe('on a fixture workspace', () => {
    let root: string;
    const manifest: Manifest = { services: { alpha: { team: 'data' } }, teams: [] };
    const write = (rel: string, text: string) => {
      mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      writeFileSync(path.join(root, rel), text);
    };
    beforeEach(() => {
      root = mkdtempSync(path.join(os.tmpdir(), 'esc-imports-'));
      write('stacks/alpha/Pulumi.yaml', 'name: alpha\n');
      write('stacks/esc/Pulumi.yaml', 'name: esc\n');
      write('stacks/esc/Pulumi.dev.yaml', 'config:\n  esc:manageTeams: true\n');
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    it('accepts the own environment (pinned or not) and the secrets environment', () => {
      write('stacks/alpha/Pulumi.dev.yaml', 'environment:\n  - sophia-ai/alpha-dev@stable\n  - sophia-ai/secrets-dev\n');
      write('stacks/alpha/Pulumi.production.yaml', 'environment:\n  - sophia-ai/alpha-production\n');
      expect(missingEnvironmentProblems(manifest, root)).toEqual([]);
    });

    it('fails with the file and the name of an environment stacks/esc does not define', () => {
      write('stacks/alpha/Pulumi.dev.yaml', 'environment:\n  - sophia-ai/alpha-dev\n  - sophia-ai/beta-dev\n');
      expect(missingEnvironmentProblems(manifest, root)).toEqual([
        expect.stringMatching(/^stacks\/alpha\/Pulumi\.dev\.yaml imports ESC environment sophia-ai\/beta-dev, which stacks\/esc does not define/),
      ]);
    });

    it('fails when a stack with a namespace does not import its own environment, or the list is malformed', () => {
      write('stacks/alpha/Pulumi.staging.yaml', 'config:\n  alpha:x: 1\n');
      write('stacks/alpha/Pulumi.production.yaml', 'environment: sophia-ai/alpha-production\n');
      expect(missingEnvironmentProblems(manifest, root)).toEqual([
        'stacks/alpha/Pulumi.staging.yaml does not import sophia-ai/alpha-staging, where stacks/esc puts the alpha: config (add it under environment:)',
        'stacks/alpha/Pulumi.production.yaml: environment: must be a list of ESC environment names',
        'stacks/alpha/Pulumi.production.yaml does not import sophia-ai/alpha-production, where stacks/esc puts the alpha: config (add it under environment:)',
      ]);
    });
  });

  it('definedEnvironments: <service>-<env> per service and secrets-<env>, for dev, staging and production', () => {
    expect([...definedEnvironments({ services: { alpha: { team: 'x' } }, teams: [] })].sort()).toEqual([
      'sophia-ai/alpha-dev', 'sophia-ai/alpha-production', 'sophia-ai/alpha-staging',
      'sophia-ai/secrets-dev', 'sophia-ai/secrets-production', 'sophia-ai/secrets-staging',
    ]);
  });
});
