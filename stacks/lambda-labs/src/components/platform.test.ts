/** LambdaPlatform under mocks: the optional SSH/cloud-init check and the production firewall policy. */
import * as pulumi from '@pulumi/pulumi';
import { redact, startMockRuntime, type MockRuntime } from '@sophia-ai/pulumi-testing';

const PUB_B64 = Buffer.from('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILbIwTlsvGFMjlB+CYFi9KLOIHhjwn7Y/XfIIic985tn operator').toString('base64');
let runtime: MockRuntime;

beforeAll(async () => {
  runtime = await startMockRuntime({
    project: 'lambda-labs',
    stack: 'production',
    resourceOutputs: (args) => (args.type.endsWith('lambda:Instance') ? { instanceId: 'i-1', ip: '192.0.2.20' } : undefined),
  });
});

const settings = {
  env: 'production', region: 'us-east-1', instanceType: 'gpu_1x_a10', instanceCount: 1, namePrefix: 'sophia-ai',
  sshPublicKeys: [PUB_B64], allowedSshCidrs: ['203.0.113.0/24'], allowOpenSsh: false, tags: {},
};

test('verifySsh adds a local ssh → cloud-init status --wait check per instance; the key stays on disk', async () => {
   
  const { LambdaPlatform } = require('./platform') as typeof import('./platform');
  await runtime.runStack(() => {
    const p = new LambdaPlatform('lambda', { ...settings, apiKey: pulumi.secret('canary_platform_Vb7Nq3Lx'), verifySsh: true });
    return { ip: p.platformIp };
  });
  const cmd = runtime.resources.find((r) => r.type === 'command:local:Command');
  expect(cmd?.name).toBe('lambda-gpu-1-cloud-init');
  expect(String(cmd?.inputs.create)).toMatch(/cloud-init status --wait/);
  expect(cmd?.inputs.environment).toMatchObject({ HOST: '192.0.2.20', KEY_PATH: '~/.ssh/pulumi_lambda_key' });
  expect(JSON.stringify(redact(cmd?.inputs))).not.toMatch(/PRIVATE KEY|canary_platform/);
  const fs = runtime.resources.find((r) => r.type.endsWith('lambda:Filesystem'));
  expect(fs).toBeUndefined();
});

test('production refuses SSH from 0.0.0.0/0 unless allowOpenSsh', () => {
   
  const { LambdaPlatform } = require('./platform') as typeof import('./platform');
  expect(() => new LambdaPlatform('open', { ...settings, allowedSshCidrs: ['0.0.0.0/0'], apiKey: pulumi.secret('x') })).toThrow(/Production refuses SSH/);
});

test('syncSshKeys: one tracked command per instance carries the current public keys over SSH; a rotation updates it, not the instance', async () => {
  const { LambdaPlatform } = require('./platform') as typeof import('./platform');
  const OLD_B64 = Buffer.from('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICN+lJwsONkwrdsSnQsu1ydUkIuIg5oOC+Eslvmtt60T previous').toString('base64');
  await runtime.runStack(() => {
    const p = new LambdaPlatform('rot', { ...settings, sshPublicKeys: [PUB_B64, OLD_B64], apiKey: pulumi.secret('canary_platform_Vb7Nq3Lx'), syncSshKeys: true });
    return { ip: p.platformIp };
  });
  const cmd = runtime.resources.find((r) => r.name === 'rot-gpu-1-ssh-keys');
  expect(cmd?.type).toBe('command:local:Command');
  expect(cmd?.inputs).toMatchObject({ addPreviousOutputInEnv: true, update: cmd?.inputs.create });
  expect(cmd?.inputs.environment).toMatchObject({
    HOST: '192.0.2.20', SSH_USER: 'ubuntu', KEY_PATHS: '~/.ssh/pulumi_lambda_key:~/.ssh/pulumi_lambda_key.previous',
    KEYS: [PUB_B64, OLD_B64].map((k) => Buffer.from(k, 'base64').toString()).join('\n'),
  });
  expect(JSON.stringify(redact(cmd?.inputs))).not.toMatch(/PRIVATE KEY|canary_platform/);
});
