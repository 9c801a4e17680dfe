import * as path from 'node:path';
import { checkCodeowners, CodeownersError, readProjects, renderCodeowners, type ProjectInfo } from './codeowners';
import { loadOwnershipSpec, type OwnershipSpec } from './organisation';

const workspaceRoot = path.resolve(__dirname, '../../..');
const organisation = loadOwnershipSpec(workspaceRoot);

describe('CODEOWNERS generation', () => {
  it('the committed .github/CODEOWNERS is up to date (else: npx nx run iac:codeowners)', () => {
    const { expected, actual } = checkCodeowners(organisation, workspaceRoot);
    expect(actual).toBe(expected);
  });

  it("a stack's config/ and contract/ projects are covered by the stack's own line, not listed apart", () => {
    const roots = readProjects(workspaceRoot).map((p) => p.root);
    expect(roots).toContain('stacks/snowflake');
    expect(roots.filter((r) => /^stacks\/[^/]+\/(config|contract)$/.test(r))).toEqual([]);
  });

  it("every stack's team tag names a team of the organisation spec", () => {
    const teams = organisation.teams.map((t) => t.name);
    const stacks = readProjects(workspaceRoot).filter((p) => p.root.startsWith('stacks/'));
    expect(stacks.map((s) => s.name)).toEqual(expect.arrayContaining(['github', 'lambda-labs', 'snowflake']));
    for (const stack of stacks) {
      const tags = stack.tags.filter((t) => t.startsWith('team:'));
      expect({ stack: stack.root, tags }).toEqual({ stack: stack.root, tags: [expect.stringMatching(/^team:/)] });
      expect(teams).toContain(tags[0]!.slice('team:'.length));
    }
  });

  const spec: OwnershipSpec = {
    homeOrganisation: 'acme',
    defaultCodeOwner: 'platform',
    teams: [
      { name: 'platform', slug: 'platform' },
      { name: 'ml', slug: 'ml' },
    ],
  };
  const project = (root: string, ...tags: string[]): ProjectInfo => ({ root, name: root.split('/')[1]!, tags });

  it('maps team tags to team handles and untagged projects to the default owner', () => {
    const text = renderCodeowners(spec, [project('stacks/gpu', 'type:stack', 'team:ml'), project('libs/util', 'type:lib')]);
    expect(text).toMatch(/^\*\s+@acme\/platform$/m);
    expect(text).toMatch(/^\/stacks\/gpu\/\s+@acme\/ml$/m);
    expect(text).toMatch(/^\/libs\/util\/\s+@acme\/platform$/m);
    // The stack's config namespace and contract live in its folder: no line elsewhere is needed for them.
    expect(text.match(/^\/\S+/gm)).toEqual(['/stacks/gpu/', '/libs/util/']);
  });

  it('fails naming the project when a tag names a team the spec does not have, or a stack has no team', () => {
    const attempt = () =>
      renderCodeowners(spec, [project('stacks/gpu', 'team:research'), project('stacks/db', 'type:stack'), project('libs/x', 'team:ml', 'team:platform')]);
    expect(attempt).toThrow(CodeownersError);
    try {
      attempt();
    } catch (e) {
      expect((e as CodeownersError).problems).toEqual([
        'stacks/gpu: tag "team:research" names a team the organisation spec does not have (teams: platform, ml; add it in stacks/github/src/organisation-spec.ts or fix the tag)',
        'stacks/db: a stack must name its owning team with an Nx tag "team:<name>" in package.json',
        'libs/x: more than one team tag (team:ml, team:platform)',
      ]);
    }
  });
});

describe('the organisation spec as CODEOWNERS reads it', () => {
  it("takes each team's slug from the github stack (the team it creates), and the default owner", () => {
    expect(organisation.homeOrganisation).toBe('sophia-ai');
    expect(organisation.defaultCodeOwner).toBe('platform');
    expect(organisation.teams).toContainEqual({ name: 'platform-oncall', slug: 'platform-oncall' });
  });

  it('handles use the slug, not the display name', () => {
    const spec: OwnershipSpec = { homeOrganisation: 'acme', defaultCodeOwner: 'Platform Eng', teams: [{ name: 'Platform Eng', slug: 'platform-eng' }] };
    expect(renderCodeowners(spec, [])).toMatch(/^\*\s+@acme\/platform-eng$/m);
  });
});
