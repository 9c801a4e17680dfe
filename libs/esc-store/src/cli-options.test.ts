import * as path from 'node:path';
import { Command } from 'commander';
import { addEscTargetOptions, type EscTargetOptions, openEscTarget } from './cli-options';
import { PulumiCloudEscStore } from './cloud-store';
import { MissingTokenError } from './errors';
import { LocalDirEscStore } from './local-store';
import { serviceEnvironment } from '@sophia-ai/stack-refs/src/esc-naming';

/** Parses `argv` through a command with the shared options; returns the parsed values (or the commander error). */
function parse(argv: string[], config?: Parameters<typeof addEscTargetOptions>[1]): EscTargetOptions {
  const cmd = addEscTargetOptions(new Command('tool').exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} }), config);
  cmd.parse(argv, { from: 'user' });
  return cmd.opts<EscTargetOptions>();
}

const byService = (env: string, org: string) => serviceEnvironment('lambda-labs', env, org);

describe('addEscTargetOptions + openEscTarget', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('env local → the local store in --dir, the command’s default environment, created when missing', () => {
    const target = openEscTarget(parse(['--env', 'local', '--dir', '/tmp/esc-x']), byService);
    expect(target.store).toBeInstanceOf(LocalDirEscStore);
    expect(target.store.describe()).toBe(`local:${path.resolve('/tmp/esc-x')}`);
    expect(target).toMatchObject({ env: 'local', ref: { org: 'sophia-ai', project: 'sophia-ai', name: 'lambda-labs-local' }, create: true });
  });

  it('any other env → Pulumi Cloud with the token from the environment, not created unless --create', () => {
    process.env.PULUMI_ACCESS_TOKEN = 'pul-canary-token-cli-options';
    const target = openEscTarget(parse(['--env', 'staging'], { writes: true }), byService);
    expect(target.store).toBeInstanceOf(PulumiCloudEscStore);
    expect(target).toMatchObject({ env: 'staging', ref: { name: 'lambda-labs-staging' }, create: false });
    expect(openEscTarget(parse(['--env', 'staging', '--create'], { writes: true }), byService).create).toBe(true);
    delete process.env.PULUMI_ACCESS_TOKEN;
    expect(() => openEscTarget(parse(['--env', 'staging']), byService)).toThrow(MissingTokenError);
  });

  it('--org places the environment and the store in that organisation; --esc-env overrides the environment', () => {
    const org = openEscTarget(parse(['--env', 'dev', '--store', 'local', '--org', 'acme']), byService);
    expect(org.ref).toEqual({ org: 'acme', project: 'sophia-ai', name: 'lambda-labs-dev' });
    expect((org.store as LocalDirEscStore).org).toBe('acme');
    const named = openEscTarget(parse(['--env', 'dev', '--store', 'local', '--org', 'acme', '--esc-env', 'team/keys-dev'], { escEnvDefault: 'x' }), byService);
    expect(named.ref).toEqual({ org: 'acme', project: 'team', name: 'keys-dev' });
  });

  it('defaults --env to $SOPHIA_ENV, else dev', () => {
    delete process.env.SOPHIA_ENV;
    expect(parse([]).env).toBe('dev');
    process.env.SOPHIA_ENV = 'staging';
    expect(parse([]).env).toBe('staging');
  });

  it('adds --esc-env and --create only when the command asks for them', () => {
    expect(() => parse(['--create'])).toThrow(/unknown option '--create'/);
    expect(() => parse(['--esc-env', 'a/b'])).toThrow(/unknown option '--esc-env'/);
    expect(parse(['--esc-env', 'a/b', '--create'], { escEnvDefault: 'a/<env>', writes: true })).toMatchObject({ escEnv: 'a/b', create: true });
  });

  it('rejects bad input naming the option: store kind, env and org names, --dir with a cloud store', () => {
    expect(() => parse(['--store', 's3'])).toThrow(/--store <store>' argument 's3' is invalid. Allowed choices are local, pulumi-cloud/);
    expect(() => openEscTarget(parse(['--env', '../x']), byService)).toThrow(/Invalid environment "\.\.\/x"/);
    expect(() => openEscTarget(parse(['--env', 'local', '--org', 'a b']), byService)).toThrow(/Invalid --org "a b"/);
    expect(() => openEscTarget(parse(['--env', 'dev', '--dir', '/tmp/k']), byService)).toThrow(/--dir is the directory of the local store.*--store local/);
    expect(() => openEscTarget(parse(['--env', 'local', '--esc-env', 'bad name'], { escEnvDefault: 'x' }), byService)).toThrow(/Invalid ESC environment name/);
  });
});
