import { diffInputs } from './input-changes';

describe('diffInputs', () => {
  it.each([
    ['equal inputs', { a: 1, b: { c: [1, 2] } }, { a: 1, b: { c: [1, 2] } }, []],
    ['a changed scalar', { size: 'XSMALL' }, { size: 'SMALL' }, [{ path: 'size', kind: 'changed', before: 'XSMALL', after: 'SMALL' }]],
    ['nested keys and list items', { tags: { team: 'ml' }, ports: [22, 80] }, { tags: { team: 'data' }, ports: [22, 443] },
      [{ path: 'ports[1]', kind: 'changed', before: 80, after: 443 }, { path: 'tags.team', kind: 'changed', before: 'ml', after: 'data' }]],
    ['added and removed keys', { old: true }, { fresh: 'x' }, [{ path: 'fresh', kind: 'added', after: 'x' }, { path: 'old', kind: 'removed', before: true }]],
    ['a list of another length, as a whole', { l: [1] }, { l: [1, 2] }, [{ path: 'l', kind: 'changed', before: [1], after: [1, 2] }]],
    ['keys that are not identifiers', { m: { 'a-b': 1 } }, { m: { 'a-b': 2 } }, [{ path: 'm["a-b"]', kind: 'changed', before: 1, after: 2 }]],
    ['unknown on both sides: nothing to compare', { id: '[unknown]' }, { id: '[unknown]' }, []],
    ['becoming known after apply', { id: 'x' }, { id: '[unknown]' }, [{ path: 'id', kind: 'changed', unknown: true, before: 'x', after: '[unknown]' }]],
    ['the dynamic provider closure', { __provider: '[dynamic provider]' }, { __provider: '[dynamic provider]' }, []],
  ])('%s', (_name, before, after, expected) => {
    expect(diffInputs(before, after).changes).toEqual(expected);
  });

  it.each([
    ['same fingerprint: unchanged', '[secret:0123456789ab]', '[secret:0123456789ab]', [], []],
    ['rotated: changed, no values', '[secret:0123456789ab]', '[secret:ba9876543210]', [{ path: 'apiKey', kind: 'changed', secret: 'changed' }], []],
    ['no key on a side: not comparable', '[secret]', '[secret:ba9876543210]', [], ['apiKey']],
    ['plain to secret: the plain value is not shown', 'plain-canary', '[secret:ba9876543210]', [{ path: 'apiKey', kind: 'changed', secret: 'now secret' }], []],
    ['secret to plain', '[secret:0123456789ab]', 'plain-canary', [{ path: 'apiKey', kind: 'changed', secret: 'no longer secret' }], []],
    ['added secret', undefined, '[secret:0123456789ab]', [{ path: 'apiKey', kind: 'added', secret: 'changed' }], []],
  ])('secrets: %s', (_name, before, after, changes, uncompared) => {
    const d = diffInputs(before === undefined ? {} : { apiKey: before }, { apiKey: after });
    expect(d.changes).toEqual(changes);
    expect(d.uncomparedSecrets).toEqual(uncompared);
    expect(JSON.stringify(d)).not.toContain('plain-canary');
  });
});
