import fc from 'fast-check';
import { authorizedKeysOf } from '@sophia-ai/ssh-injection';
import { sourceNetworkProblem } from '@sophia-ai/lambda-labs-config';
import { buildSshFirewallRules, FirewallPolicyError, normalizeCidr } from './firewall';
import { filesystemProblems, instanceProblems, rulesetProblems, sshKeyProblems, UNKNOWN } from './constraints';
import { buildLaunchRequest, diffFilesystem, diffInstance, diffRuleset, diffSshKey, hasLaunchToken, LAUNCH_TAG } from './launch';
import { filesystemName, hostnameFor, instanceName, sshKeyName } from './naming';
import { planPlatform, sshCommand } from './plan';

const PUB = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILbIwTlsvGFMjlB+CYFi9KLOIHhjwn7Y/XfIIic985tn operator';
const PUB_B64 = Buffer.from(PUB).toString('base64');

describe('naming', () => {
  test('instance names, hostnames, child names', () => {
    expect(instanceName('sophia-ai', 'dev', 0)).toBe('sophia-ai-dev-gpu-1');
    expect(hostnameFor('Sophia_AI Dev GPU #1')).toBe('sophia-ai-dev-gpu-1');
    expect(() => filesystemName('9models')).toThrow(/must match/);
  });
  test('hostnameFor always yields a valid Lambda hostname for name-like input', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z][a-zA-Z0-9 _-]{0,100}$/), (name) => {
        expect(hostnameFor(name)).toMatch(/^[a-z0-9][0-9a-z-]{0,62}$/);
      }),
    );
  });
  test('SSH key names change with the key (not with its comment) and fit 64 characters', () => {
    const a = sshKeyName('sophia-ai', 'production', PUB);
    expect(a).toMatch(/^sophia-ai-production-[0-9a-f]{8}$/);
    expect(sshKeyName('sophia-ai', 'production', PUB.replace('operator', 'other comment'))).toBe(a);
    expect(sshKeyName('sophia-ai', 'production', PUB.replace('AAAAILb', 'AAAAIXb'))).not.toBe(a);
    expect(sshKeyName('x'.repeat(80), 'production', PUB).length).toBeLessThanOrEqual(64);
  });
});

describe('firewall policy', () => {
  test('SSH only from configured networks, normalised and de-duplicated', () => {
    const { rules, warnings } = buildSshFirewallRules({ allowedSshCidrs: ['203.0.113.7', '203.0.113.7/32', '198.51.100.9/24'], allowOpenSsh: false, env: 'production' });
    expect(rules).toEqual([
      { protocol: 'tcp', port_range: [22, 22], source_network: '203.0.113.7/32', description: 'SSH from 203.0.113.7/32' },
      { protocol: 'tcp', port_range: [22, 22], source_network: '198.51.100.0/24', description: 'SSH from 198.51.100.0/24' },
    ]);
    expect(warnings).toEqual([]);
  });
  test('production refuses 0.0.0.0/0 on port 22 unless allowOpenSsh', () => {
    expect(() => buildSshFirewallRules({ allowedSshCidrs: ['0.0.0.0/0'], allowOpenSsh: false, env: 'production' })).toThrow(FirewallPolicyError);
    expect(() => buildSshFirewallRules({ allowedSshCidrs: ['1.2.3.4/0'], allowOpenSsh: false, env: 'production' })).toThrow(/Production refuses/);
    const open = buildSshFirewallRules({ allowedSshCidrs: [], allowOpenSsh: true, env: 'production' });
    expect(open.rules.map((r) => r.source_network)).toEqual(['0.0.0.0/0']);
    expect(open.warnings[0]).toMatch(/whole internet/);
    expect(buildSshFirewallRules({ allowedSshCidrs: ['0.0.0.0/0'], allowOpenSsh: false, env: 'dev' }).warnings[0]).toMatch(/whole internet/);
  });
  test('empty allow-list and invalid CIDRs are refused; us-south-1 warns', () => {
    expect(() => buildSshFirewallRules({ allowedSshCidrs: [], allowOpenSsh: false, env: 'dev' })).toThrow(/allowedSshCidrs/);
    expect(() => normalizeCidr('300.1.1.1')).toThrow(FirewallPolicyError);
    expect(() => normalizeCidr('1.2.3.4/33')).toThrow(FirewallPolicyError);
    expect(() => normalizeCidr('10.1.2.3/8')).toThrow(/lambda-labs:allowedSshCidrs: "10.1.2.3\/8" must be a public IPv4 network/);
    expect(() => normalizeCidr('127.0.0.1')).toThrow(/public IPv4/);
    expect(buildSshFirewallRules({ allowedSshCidrs: ['1.2.3.4'], allowOpenSsh: false, env: 'dev', region: 'us-south-1' }).warnings).toEqual([expect.stringMatching(/firewall rules do not apply in us-south-1/)]);
    expect(() => buildSshFirewallRules({ allowedSshCidrs: ['1.2.3.4'], allowOpenSsh: false, env: 'production', region: 'us-south-1' })).toThrow(/Production refuses it: choose another lambda-labs:region/);
  });
  test('normalizeCidr clears host bits for any prefix', () => {
    fc.assert(
      // Any public network (a /8 around a public address can still contain a private range: those are refused).
      fc.property(fc.ipV4(), fc.integer({ min: 8, max: 32 }), (ip, bits) => {
        fc.pre(sourceNetworkProblem(`${ip}/${bits}`) === undefined);
        const n = normalizeCidr(`${ip}/${bits}`);
        expect(normalizeCidr(n)).toBe(n);
        expect(n.endsWith(`/${bits}`)).toBe(true);
      }),
    );
  });
});

describe('launch request', () => {
  const spec = { region: 'us-east-1', instanceType: 'gpu_1x_a10', sshKeyName: 'k', name: 'n', hostname: 'n', tags: { team: 'ml' }, image: { family: 'lambda-stack-24-04' }, fileSystemNames: ['models'], firewallRulesetIds: ['rs'], userData: '#cloud-config\n' };
  test('maps every field to the API, one key, token tag last', () => {
    expect(buildLaunchRequest(spec, 'tok')).toEqual({
      region_name: 'us-east-1', instance_type_name: 'gpu_1x_a10', ssh_key_names: ['k'], name: 'n', hostname: 'n',
      tags: [{ key: 'team', value: 'ml' }, { key: 'managed-by', value: 'pulumi' }, { key: LAUNCH_TAG, value: 'tok' }],
      image: { family: 'lambda-stack-24-04' }, file_system_names: ['models'], firewall_rulesets: [{ id: 'rs' }], user_data: '#cloud-config\n',
    });
    const minimal = buildLaunchRequest({ region: 'us-east-1', instanceType: 't', sshKeyName: 'k', name: 'n' }, 't');
    expect(Object.keys(minimal).sort()).toEqual(['instance_type_name', 'name', 'region_name', 'ssh_key_names', 'tags']);
    expect(hasLaunchToken({ tags: minimal.tags }, 't')).toBe(true);
    expect(hasLaunchToken({ tags: minimal.tags }, 'other')).toBe(false);
    expect('quantity' in minimal).toBe(false);
  });
  test('validation mirrors the API limits before any call', () => {
    expect(instanceProblems(spec)).toEqual([]);
    expect(instanceProblems({ ...spec, hostname: 'Bad_Host', name: 'x'.repeat(65), tags: { Bad: 'v' }, userData: 'x'.repeat(1024 * 1024 + 1) }).map((p) => p.property)).toEqual(['name', 'hostname', 'tags', 'userData']);
    expect(instanceProblems({}).map((p) => p.property)).toEqual(['region', 'instanceType', 'sshKeyName', 'name']);
  });
});

describe('diff decisions', () => {
  const inst = { apiKey: 'a', region: 'us-east-1', instanceType: 't', sshKeyName: 'k', name: 'n', userData: 'u', tags: { a: '1' } };
  test('instance: rename and SSH key rotation (launch key, cloud-init) in place; type, tags, region replace; same → no changes', () => {
    expect(diffInstance(inst, { ...inst })).toMatchObject({ changes: false, replaces: [] });
    expect(diffInstance(inst, { ...inst, name: 'm' })).toMatchObject({ changes: true, replaces: [], updates: ['name'] });
    expect(diffInstance(inst, { ...inst, apiKey: 'b' })).toMatchObject({ changes: true, replaces: [] });
    // a key rotation changes the launch key name and cloud-init: kept running, recorded in place
    expect(diffInstance(inst, { ...inst, sshKeyName: 'k2', userData: 'v' })).toMatchObject({ changes: true, replaces: [], updates: ['sshKeyName', 'userData'] });
    expect(diffInstance(inst, { ...inst, sshKeyName: 'k2', userData: 'v', tags: { a: '2' }, instanceType: 'u' }).replaces).toEqual(['instanceType', 'tags']);
    // older state without optional fields does not cause a replacement
    expect(diffInstance({ ...inst, fileSystemNames: undefined }, { ...inst, fileSystemNames: [] }).changes).toBe(false);
    expect(diffInstance({ ...inst, tags: { b: '1', a: '1' } }, { ...inst, tags: { a: '1', b: '1' } }).changes).toBe(false);
  });
  test('ssh key, ruleset, filesystem', () => {
    expect(diffSshKey({ name: 'k', publicKey: 'p' }, { name: 'k', publicKey: 'q' })).toMatchObject({ replaces: ['publicKey'], deleteBeforeReplace: true });
    expect(diffSshKey({ name: 'k', publicKey: 'p' }, { name: 'k2', publicKey: 'q' })).toMatchObject({ deleteBeforeReplace: false });
    expect(diffRuleset({ name: 'a', region: 'r', rules: [] }, { name: 'b', region: 'r', rules: [1] })).toMatchObject({ replaces: [], updates: ['name', 'rules'] });
    expect(diffRuleset({ name: 'a', region: 'r' }, { name: 'a', region: 's' }).replaces).toEqual(['region']);
    expect(diffFilesystem({ name: 'a', region: 'r' }, { name: 'b', region: 'r' })).toMatchObject({ replaces: ['name'], deleteBeforeReplace: true });
  });
});

describe('platform plan', () => {
  const settings = { env: 'dev', region: 'us-east-1', instanceType: 'gpu_1x_a10', instanceCount: 2, namePrefix: 'sophia-ai', sshPublicKeys: [PUB_B64], allowedSshCidrs: ['203.0.113.7'], allowOpenSsh: false, tags: {} };
  test('cloud-init of every instance authorises the decoded ESC keys; names and hostnames per instance', () => {
    const plan = planPlatform(settings);
    expect(plan.instances.map((i) => i.name)).toEqual(['sophia-ai-dev-gpu-1', 'sophia-ai-dev-gpu-2']);
    for (const i of plan.instances) expect(authorizedKeysOf(i.userData)).toEqual([PUB]);
    expect(plan.launchPublicKey).toBe(PUB);
    expect(plan.tags).toEqual({ environment: 'dev' });
    expect(sshCommand('192.0.2.1')).toBe('ssh -i ~/.ssh/pulumi_lambda_key ubuntu@192.0.2.1');
  });
  test('a bad ESC key value fails with the config key named', () => {
    expect(() => planPlatform({ ...settings, sshPublicKeys: ['bm90IGEga2V5'] })).toThrow(/lambda-labs:sshPublicKeys\[0\]/);
  });
});

describe('check() constraints: what the API rejects fails at preview', () => {
  const rule = { protocol: 'tcp', port_range: [22, 22], source_network: '203.0.113.0/24', description: 'SSH' };
  const reasons = (p: Array<{ reason: string }>) => p.map((x) => x.reason).join('\n');
  test.each([
    ['instance region outside the spec enum', instanceProblems({ ...{ region: 'mars-1', instanceType: 'gpu_1x_a10', sshKeyName: 'k', name: 'n' } }), /region must be a Lambda region/],
    ['ruleset region', rulesetProblems({ name: 'fw', region: 'us-east-9', rules: [] }), /region must be a Lambda region/],
    ['filesystem region', filesystemProblems({ name: 'data', region: 'eu' }), /region must be a Lambda region/],
    ['filesystem name', filesystemProblems({ name: '9data', region: 'us-east-1' }), /name must match/],
    ['port range 0', rulesetProblems({ name: 'fw', region: 'us-east-1', rules: [{ ...rule, port_range: [0, 0] }] }), /rules\[0\]\.port_range/],
    ['protocol ssh', rulesetProblems({ name: 'fw', region: 'us-east-1', rules: [{ ...rule, protocol: 'ssh' }] }), /rules\[0\]\.protocol/],
    ['10.0.0.0/33', rulesetProblems({ name: 'fw', region: 'us-east-1', rules: [{ ...rule, source_network: '10.0.0.0/33' }] }), /source_network must be an IPv4/],
    ['private source', rulesetProblems({ name: 'fw', region: 'us-east-1', rules: [{ ...rule, source_network: '127.0.0.1/32' }] }), /public IPv4/],
    ['description over 128', rulesetProblems({ name: 'fw', region: 'us-east-1', rules: [{ ...rule, description: 'd'.repeat(129) }] }), /description must have at most 128/],
    ['rule without description', rulesetProblems({ name: 'fw', region: 'us-east-1', rules: [{ ...rule, description: undefined }] }), /description is required/],
    ['ruleset name over 64', rulesetProblems({ name: 'n'.repeat(65), region: 'us-east-1', rules: [] }), /name must have 1 to 64/],
    ['ssh key name and key', sshKeyProblems({ name: '', publicKey: 'nope' }), /name must have 1 to 64[\s\S]*publicKey/],
    ['regions differ', instanceProblems({ region: 'us-east-1', instanceType: 't', sshKeyName: 'k', name: 'n', attachedRegions: ['us-west-1'] }), /must be in the instance's region us-east-1/],
  ])('%s', (_what, problems, expected) => {
    expect(reasons(problems)).toMatch(expected);
  });
  test('valid inputs and values not known yet at preview pass', () => {
    expect(rulesetProblems({ name: 'fw', region: 'us-east-1', rules: [rule, { protocol: 'icmp', source_network: '0.0.0.0/0', description: '' }] })).toEqual([]);
    expect(rulesetProblems({ name: UNKNOWN, region: UNKNOWN, rules: UNKNOWN })).toEqual([]);
    expect(instanceProblems({ region: 'us-east-1', instanceType: 't', sshKeyName: UNKNOWN, name: 'n', attachedRegions: [UNKNOWN, 'us-east-1'] })).toEqual([]);
    expect(filesystemProblems({ name: 'data', region: 'us-east-1' })).toEqual([]);
  });
});
