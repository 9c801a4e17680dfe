/** The stack program under the Pulumi SDK's mocks (libs/pulumi-testing): resources, secrets, outputs. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';
import { validateConfig } from '@sophia-ai/config';
import { lambdaLabsConfig } from '@sophia-ai/lambda-labs-config';
import { containsSecret, outputValue, redact, stackConfigFromFile, startMockRuntime, type MockRuntime } from '@sophia-ai/pulumi-testing';
import { SANDBOX_LAMBDA_API_KEY } from '@sophia-ai/sandbox';
import { authorizedKeysOf, decodePublicKeyBase64 } from '@sophia-ai/ssh-injection';

const CANARY_KEY = 'canary_stack_Rm4Tz8Xq2VnL6pWc';
const PUB_B64 = Buffer.from('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILbIwTlsvGFMjlB+CYFi9KLOIHhjwn7Y/XfIIic985tn operator').toString('base64');
const OLD_B64 = Buffer.from('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICN+lJwsONkwrdsSnQsu1ydUkIuIg5oOC+Eslvmtt60T previous').toString('base64');

let runtime: MockRuntime;
// Loading the program compiles the whole stack with ts-jest: allow for a busy machine (no timing is asserted).
jest.setTimeout(60_000);
let outputs: Record<string, { value: unknown; isSecret: boolean; isKnown: boolean }>;

beforeAll(async () => {
  runtime = await startMockRuntime({
    project: 'lambda-labs',
    stack: 'staging',
    config: {
      'lambda-labs:apiKey': CANARY_KEY,
      'lambda-labs:sshPublicKeys': JSON.stringify([PUB_B64, OLD_B64]),
      'lambda-labs:region': 'us-west-1',
      'lambda-labs:instanceCount': '2',
      'lambda-labs:allowedSshCidrs': JSON.stringify(['203.0.113.7', '198.51.100.0/24']),
      'lambda-labs:filesystemName': 'models',
      'lambda-labs:tags': JSON.stringify({ team: 'ml' }),
    },
    secretKeys: ['lambda-labs:apiKey'],
    resourceOutputs: (args) =>
      args.type.endsWith('lambda:Instance')
        ? { instanceId: `id-${args.name}`, ip: args.name.endsWith('gpu-1') ? '192.0.2.10' : '192.0.2.11', status: 'active' }
        : args.type.endsWith('lambda:FirewallRuleset')
          ? { rulesetId: 'rs-1' }
          : undefined,
  });
   
  outputs = await runtime.runStack(() => require('../index'));
});

const byType = (suffix: string) => runtime.resources.filter((r) => r.type.endsWith(suffix));
const plain = (v: unknown): unknown => (v && typeof v === 'object' && 'value' in (v as object) && containsSecret(v) ? (v as { value: unknown }).value : v);

test('declares the contract outputs, typed, none secret', () => {
  expect(outputs.platform_ip).toEqual({ value: '192.0.2.10', isSecret: false, isKnown: true });
  expect(outputs.instance_ids.value).toEqual(['id-lambda-gpu-1', 'id-lambda-gpu-2']);
  expect(outputs.ssh_command.value).toBe('ssh -i ~/.ssh/pulumi_lambda_key ubuntu@192.0.2.10');
  expect(outputs.region.value).toBe('us-west-1');
  expect(outputs.ssh_key_name.value).toMatch(/^sophia-ai-staging-[0-9a-f]{8}$/);
});

test('resource tree: component parent, children named after it', () => {
  const [platform] = byType('sophia:lambda-labs:Platform');
  expect(platform.name).toBe('lambda');
  const children = runtime.resources.filter((r) => r.parent === platform.urn).map((r) => r.name).sort();
  expect(children).toEqual(['lambda-filesystem', 'lambda-firewall', 'lambda-gpu-1', 'lambda-gpu-2', 'lambda-ssh-key']);
});

test("each instance's user_data carries the ESC public keys (decoded and compared)", () => {
  const instances = byType('lambda:Instance');
  expect(instances).toHaveLength(2);
  for (const inst of instances) {
    const userData = plain(inst.inputs.userData) as string;
    expect(userData.startsWith('#cloud-config\n')).toBe(true);
    const keys = authorizedKeysOf(userData);
    expect(keys).toEqual([decodePublicKeyBase64(PUB_B64), decodePublicKeyBase64(OLD_B64)]);
  }
  const [key] = byType('lambda:SshKey');
  expect(plain(key.inputs.publicKey)).toBe(decodePublicKeyBase64(PUB_B64)); // the newest key is the launch key
  expect(instances[0].inputs).toMatchObject({ region: 'us-west-1', instanceType: 'gpu_1x_a10', name: 'sophia-ai-staging-gpu-1', hostname: 'sophia-ai-staging-gpu-1' });
});

test('the API key is a secret input of every Lambda resource and never appears in plain inputs', () => {
  const lambda = runtime.resources.filter((r) => r.type.includes('dynamic/lambda:'));
  expect(lambda).toHaveLength(5);
  for (const r of lambda) {
    expect(containsSecret(r.inputs.apiKey)).toBe(true);
    expect(JSON.stringify(redact(r.inputs))).not.toContain(CANARY_KEY);
  }
  expect(JSON.stringify(outputs)).not.toContain(CANARY_KEY);
});

test('firewall: SSH only from the configured networks; instances reference ruleset and filesystem', async () => {
  const [fw] = byType('lambda:FirewallRuleset');
  expect(plain(fw.inputs.rules)).toEqual([
    { protocol: 'tcp', port_range: [22, 22], source_network: '203.0.113.7/32', description: 'SSH from 203.0.113.7/32' },
    { protocol: 'tcp', port_range: [22, 22], source_network: '198.51.100.0/24', description: 'SSH from 198.51.100.0/24' },
  ]);
  const [inst] = byType('lambda:Instance');
  expect(plain(inst.inputs.firewallRulesetIds)).toEqual(['rs-1']);
  expect(plain(inst.inputs.fileSystemNames)).toEqual(['models']);
  expect(inst.dependencies).toEqual(expect.arrayContaining([fw.urn]));
  // sanity for the helper: outputs are plain values here
  expect((await outputValue(Promise.resolve(1))).value).toBe(1);
});

describe('stack config files', () => {
  const dir = path.resolve(__dirname, '..');
  test('Pulumi.local.yaml validates against the namespace and carries only the sandbox key', () => {
    const { config } = stackConfigFromFile(dir, 'local');
    const result = validateConfig(lambdaLabsConfig, (key) => config[key], 'local');
    expect(result.ok).toBe(true);
    expect(config['lambda-labs:apiKey']).toBe(SANDBOX_LAMBDA_API_KEY);
  });
  test.each(['dev', 'staging', 'production'])('Pulumi.%s.yaml imports its ESC environment', (env) => {
    const doc = YAML.parse(fs.readFileSync(path.join(dir, `Pulumi.${env}.yaml`), 'utf8'));
    expect(doc.environment).toEqual([`sophia-ai/lambda-labs-${env}`]);
    expect(doc.config).toBeUndefined();
  });
});
