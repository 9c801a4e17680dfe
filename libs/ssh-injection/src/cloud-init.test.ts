import YAML from 'yaml';
import fc from 'fast-check';
import {
  authorizedKeysOf,
  buildCloudInit,
  CloudInitError,
  encodePublicKeyBase64,
  generateEd25519KeyPair,
  MAX_USER_DATA_BYTES,
} from './index';

const current = generateEd25519KeyPair('current@op').publicKey;
const previous = generateEd25519KeyPair('previous@op').publicKey;

describe('buildCloudInit', () => {
  it('emits #cloud-config with all keys of a rotation window, newest first, accepting base64 or OpenSSH form', () => {
    const text = buildCloudInit({ sshAuthorizedKeys: [encodePublicKeyBase64(current), previous] });
    expect(text.startsWith('#cloud-config\n')).toBe(true);
    const doc = YAML.parse(text);
    expect(doc.ssh_authorized_keys).toEqual([current, previous]);
    expect(authorizedKeysOf(text)).toEqual([current, previous]);
    expect(doc.users).toBeUndefined();
  });

  it('deduplicates keys given twice in different forms', () => {
    const doc = YAML.parse(buildCloudInit({ sshAuthorizedKeys: [current, encodePublicKeyBase64(current)] }));
    expect(doc.ssh_authorized_keys).toEqual([current]);
  });

  it('adds extra users while keeping the default user, plus packages and runcmd', () => {
    const text = buildCloudInit({
      sshAuthorizedKeys: [current],
      users: [{ name: 'mlops', groups: ['docker', 'sudo'], sudo: 'ALL=(ALL) NOPASSWD:ALL', sshAuthorizedKeys: [previous] }],
      packages: ['htop', 'nvtop'],
      runcmd: ['echo ready > /var/tmp/boot', ['systemctl', 'restart', 'docker']],
      hostname: 'sophia-gpu-1',
    });
    const doc = YAML.parse(text);
    expect(doc.users[0]).toBe('default');
    expect(doc.users[1]).toEqual({
      name: 'mlops',
      groups: 'docker, sudo',
      sudo: 'ALL=(ALL) NOPASSWD:ALL',
      shell: '/bin/bash',
      ssh_authorized_keys: [previous],
    });
    expect(doc.packages).toEqual(['htop', 'nvtop']);
    expect(doc.package_update).toBe(true);
    expect(doc.runcmd).toEqual(['echo ready > /var/tmp/boot', ['systemctl', 'restart', 'docker']]);
    expect(doc.hostname).toBe('sophia-gpu-1');
  });

  it.each([
    ['no keys', { sshAuthorizedKeys: [] }, /at least one SSH public key/],
    ['a bad key', { sshAuthorizedKeys: ['ssh-ed25519 nope'] }, /sshAuthorizedKeys\[0\]/],
    ['a private key', { sshAuthorizedKeys: [generateEd25519KeyPair().privateKey] }, /PRIVATE key/],
    ['a bad user name', { sshAuthorizedKeys: [current], users: [{ name: 'Root User' }] }, /users\.0\.name/],
    ['a duplicate user', { sshAuthorizedKeys: [current], users: [{ name: 'a' }, { name: 'a' }] }, /duplicate user/],
    ['a bad package', { sshAuthorizedKeys: [current], packages: ['rm -rf /'] }, /packages\.0/],
    ['a bad user key', { sshAuthorizedKeys: [current], users: [{ name: 'a', sshAuthorizedKeys: ['x'] }] }, /users\[0\]\.sshAuthorizedKeys\[0\]/],
  ])('rejects %s with a clear CloudInitError', (_what, options, message) => {
    expect(() => buildCloudInit(options as never)).toThrow(CloudInitError);
    expect(() => buildCloudInit(options as never)).toThrow(message);
  });

  it('enforces the 1 MiB user_data limit with a clear error', () => {
    const big = 'x'.repeat(4096);
    const runcmd = Array.from({ length: 300 }, () => `echo ${big}`);
    expect(() => buildCloudInit({ sshAuthorizedKeys: [current], runcmd })).toThrow(/limit is 1048576 bytes/);
    expect(MAX_USER_DATA_BYTES).toBe(1048576);
    const ok = buildCloudInit({ sshAuthorizedKeys: [current], runcmd: runcmd.slice(0, 200) });
    expect(Buffer.byteLength(ok)).toBeLessThanOrEqual(MAX_USER_DATA_BYTES);
  });

  it('property: arbitrary runcmd strings survive YAML serialisation unchanged', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1 }).filter((s) => !s.includes('\0')), { minLength: 1, maxLength: 8 }), (cmds) => {
        const doc = YAML.parse(buildCloudInit({ sshAuthorizedKeys: [current], runcmd: cmds }));
        expect(doc.runcmd).toEqual(cmds);
      }),
      { numRuns: 200 },
    );
  });
});
