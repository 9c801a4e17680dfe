import { planEstuary } from './plan';

describe('planEstuary', () => {
  it.each([
    ['sophia-ai', 'dev', ['sophia-ai-dev-main']],
    ['team-x', 'production', ['team-x-production-main']],
  ])('prefix %s in %s names %j', (namePrefix, env, names) => {
    expect(planEstuary({ namePrefix }, env).items.map((i) => i.name)).toEqual(names);
  });

  it('refuses a prefix that makes a name too long, naming the key', () => {
    expect(() => planEstuary({ namePrefix: 'x'.repeat(60) }, 'staging')).toThrow(/estuary:namePrefix/);
  });
});
