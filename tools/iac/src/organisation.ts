/*
 * Who may own code: the teams of the GitHub organisation spec (stacks/github/src/organisation-spec.ts), the one place a
 * team is defined (it is also a Pulumi team: stacks/esc/src/access.ts). A tool may import a stack's contract, never its
 * program, so the spec is loaded by path at run time (as stacks/esc/src/services.ts does) and only the facts CODEOWNERS
 * needs are kept: the organisation, the default owner and each team's slug as GitHub computes it (the stack's own
 * `teamSlug`, so a handle here is always the team the stack creates).
 */
import * as path from 'node:path';
import { z } from 'zod';

export interface OwnershipSpec {
  /** GitHub organisation of the handles (`@<org>/<slug>`). */
  homeOrganisation: string;
  /** Team owning everything no project claims. */
  defaultCodeOwner: string;
  /** Team name (the Nx tag `team:<name>`) → GitHub team slug. */
  teams: ReadonlyArray<{ name: string; slug: string }>;
}

export const ORGANISATION_SPEC = 'stacks/github/src/organisation-spec.ts';
const SLUG_MODULE = 'stacks/github/src/logic/spec.ts';

const specShape = z.object({
  homeOrganisation: z.string().min(1),
  defaultCodeOwner: z.string().min(1),
  teams: z.array(z.object({ name: z.string().min(1) })).min(1),
});

/** The ownership facts of the workspace at `workspaceRoot`. A spec of the wrong shape is an error naming the file. */
export function loadOwnershipSpec(workspaceRoot: string): OwnershipSpec {
  const { organisation } = require(path.join(workspaceRoot, ORGANISATION_SPEC)) as { organisation?: unknown };
  const { teamSlug } = require(path.join(workspaceRoot, SLUG_MODULE)) as { teamSlug?: (name: string) => string };
  const parsed = specShape.safeParse(organisation);
  if (!parsed.success || typeof teamSlug !== 'function') {
    throw new Error(`${ORGANISATION_SPEC} must export \`organisation\` with homeOrganisation, defaultCodeOwner and teams (and ${SLUG_MODULE} teamSlug)`);
  }
  const { homeOrganisation, defaultCodeOwner, teams } = parsed.data;
  return { homeOrganisation, defaultCodeOwner, teams: teams.map((t) => ({ name: t.name, slug: teamSlug(t.name) })) };
}
