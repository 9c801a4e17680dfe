import * as path from 'node:path';
import { plan, resource } from '../testing/plans';
import { diffRequests, providerDecisions } from './index';

// The workspace's own stacks: their dynamic kinds (stacks/*/src/providers/resources.ts) and runtime diffs.
const WORKSPACE = path.resolve(__dirname, '../../../..');
const INSTANCE = 'pulumi-nodejs:dynamic/lambda:Instance';
const SSH_KEY = 'pulumi-nodejs:dynamic/lambda:SshKey';

jest.setTimeout(60_000);

describe('providerDecisions (the kinds’ own diff, asked offline)', () => {
  const base = plan('lambda-labs', [
    resource('lambda-labs', INSTANCE, 'gpu', { instanceType: 'gpu_1x_a10', name: 'n', apiKey: '[secret:aaaaaaaaaaaa]', userData: 'a' }),
    resource('lambda-labs', INSTANCE, 'rotated', { instanceType: 'gpu_1x_a10', name: 'n', apiKey: '[secret:aaaaaaaaaaaa]' }),
    resource('lambda-labs', SSH_KEY, 'key', { name: 'k', publicKey: 'ssh-ed25519 AAAA old', apiKey: '[secret:aaaaaaaaaaaa]' }),
    resource('lambda-labs', 'pulumi-nodejs:dynamic/nowhere:Thing', 'odd', { a: 1 }),
    resource('lambda-labs', INSTANCE, 'same', { instanceType: 'gpu_1x_a10' }),
  ]);
  const head = plan('lambda-labs', [
    resource('lambda-labs', INSTANCE, 'gpu', { instanceType: 'gpu_1x_h100_pcie', name: 'n', apiKey: '[secret:aaaaaaaaaaaa]', userData: 'b' }),
    resource('lambda-labs', INSTANCE, 'rotated', { instanceType: 'gpu_1x_a10', name: 'n', apiKey: '[secret:bbbbbbbbbbbb]' }),
    resource('lambda-labs', SSH_KEY, 'key', { name: 'k', publicKey: 'ssh-ed25519 AAAA new', apiKey: '[secret:aaaaaaaaaaaa]' }),
    resource('lambda-labs', 'pulumi-nodejs:dynamic/nowhere:Thing', 'odd', { a: 2 }),
    resource('lambda-labs', INSTANCE, 'same', { instanceType: 'gpu_1x_a10' }),
  ]);
  const urn = (name: string) => head.resources.find((r) => r.name === name)!.urn;

  it('asks only about changed dynamic resources present on both sides', () => {
    expect(diffRequests(new Map([['lambda-labs', base]]), new Map([['lambda-labs', head]])).map((r) => r.urn)).toEqual([urn('gpu'), urn('rotated'), urn('key'), urn('odd')]);
  });

  it('a new instance type replaces, cloud-init alone would not; a rotated key updates in place; unknown kinds stay undecided', async () => {
    const decisions = await providerDecisions(WORKSPACE, diffRequests(new Map([['lambda-labs', base]]), new Map([['lambda-labs', head]])));
    expect(decisions.get(urn('gpu'))).toEqual({ replaces: ['instanceType'], changes: true });
    expect(decisions.get(urn('rotated'))).toEqual({ replaces: [], changes: true });
    expect(decisions.get(urn('key'))).toEqual({ replaces: ['publicKey'], changes: true });
    expect(decisions.get(urn('odd'))).toEqual({ error: 'no kind declares pulumi-nodejs:dynamic/nowhere:Thing' });
  });

  it('no requests: no child process, no decisions', async () => {
    expect((await providerDecisions('/nonexistent', [])).size).toBe(0);
  });
});
