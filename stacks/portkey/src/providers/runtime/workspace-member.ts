/**
 * A user's membership of a workspace, with its role (`/admin/workspaces/{id}/users[/{userId}]`, the Terraform
 * provider's `portkey_workspace_member`). Users are added by id; an email is looked up among the organisation's
 * users (`GET /admin/users?email=`), so the user must have joined the organisation first. A membership is unique
 * per workspace and user, so a create adopts the one that exists (a lost answer, or one made by hand) and sets
 * its role; the add, the role update and the remove answer empty objects, so the member is read again after
 * each. Read treats 404 (AB08, removed out of band) and the 403 AB03 of a deleted workspace as gone.
 */
import { PORTKEY_LIMITS, userProblem } from '@sophia-ai/portkey-config';
import { createOrAdopt, diffProps, versioned, type CheckResult, type CreateResult, type DiffResult, type Props, type ReadResult, type UpdateResult } from '@sophia-ai/dynamic-provider/src/runtime';
import { clientFor, deleteOrGone, getOrGone, type PortkeyClient, type RuntimeOptions } from './portkey-api';

/** State schema version (1: the first). */
export const stateVersion = 1;

interface ApiMember {
  id?: string;
  email?: string;
  role?: string;
}
interface ApiUser {
  id: string;
  email?: string;
}

const ROLES: readonly unknown[] = PORTKEY_LIMITS.workspaceRoles;

export async function check(_olds: Props, news: Props): Promise<CheckResult> {
  const failures: CheckResult['failures'] = [];
  if (typeof news.workspaceId !== 'string' || news.workspaceId === '') failures.push({ property: 'workspaceId', reason: 'a member needs the id of its workspace' });
  const user = userProblem(news.user);
  if (user) failures.push({ property: 'user', reason: `user ${user}` });
  if (!ROLES.includes(news.role)) failures.push({ property: 'role', reason: `role must be one of ${PORTKEY_LIMITS.workspaceRoles.join(', ')}` });
  return { inputs: news, failures };
}

/**
 * The role changes in place; another workspace or user is another membership. It is removed before the new one
 * is made: the same person named by email and then by id would otherwise be adopted, then removed.
 */
export async function diff(_id: string, olds: Props, news: Props): Promise<DiffResult> {
  const d = diffProps(olds, news, ['workspaceId', 'user', 'role'], ['role']);
  return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: d.replaces.length > 0, stables: ['userId'] };
}

const enc = encodeURIComponent;
const membersPath = (workspaceId: unknown) => `/admin/workspaces/${enc(String(workspaceId))}/users`;
const memberPath = (workspaceId: unknown, userId: unknown) => `${membersPath(workspaceId)}/${enc(String(userId))}`;

/** The role as this stack spells it (the Terraform provider strips a `ws-` prefix some answers carry). */
const roleOf = (m: ApiMember) => (m.role ?? '').replace(/^ws-/, '');

const outs = (inputs: Props, userId: string, m: ApiMember) =>
  versioned({ apiKey: inputs.apiKey, apiUrl: inputs.apiUrl, workspaceId: inputs.workspaceId, user: inputs.user, role: roleOf(m), userId, email: m.email }, stateVersion);

/** The user's id: given, or the organisation user with that email (ignoring case). */
async function userIdOf(client: PortkeyClient, user: string): Promise<string> {
  if (PORTKEY_LIMITS.userId.test(user)) return user;
  // One page: the email filter leaves at most one user (this list pages with currentPage/pageSize, unlike the others).
  const answer = await client.get<{ data?: ApiUser[] }>(`/admin/users?email=${enc(user)}`);
  const found = (answer.data ?? []).filter((u) => u.email?.toLowerCase() === user.toLowerCase());
  if (found.length === 0) {
    throw new Error(`No user with email ${user} in the Portkey organisation: invite them (Portkey → Admin settings → Members) and let them accept, then run again.`);
  }
  return found[0]!.id;
}

/** userId and workspaceId from state, else from the id `<workspaceId>/<userId>`. */
function idsOf(id: string, props: Props): { workspaceId: string; userId: string } {
  const [workspaceId = '', userId = ''] = id.split('/');
  return { workspaceId: (props.workspaceId as string | undefined) ?? workspaceId, userId: (props.userId as string | undefined) ?? userId };
}

export async function create(inputs: Props, ro: RuntimeOptions = {}): Promise<CreateResult> {
  const client = clientFor(inputs, ro);
  const userId = await userIdOf(client, String(inputs.user));
  const path = memberPath(inputs.workspaceId, userId);
  const found = await createOrAdopt(client.opts, `membership of ${String(inputs.user)} in workspace ${String(inputs.workspaceId)}`, () => getOrGone<ApiMember>(client, path), async () => {
    await client.post(membersPath(inputs.workspaceId), { users: [{ id: userId, role: inputs.role }] });
    return { role: String(inputs.role) };
  });
  // An adopted membership may carry another role: set ours.
  if (roleOf(found) !== inputs.role) await client.put(path, { role: inputs.role });
  return { id: `${String(inputs.workspaceId)}/${userId}`, outs: outs(inputs, userId, await client.get<ApiMember>(path)) };
}

export async function read(id: string, props: Props, ro: RuntimeOptions = {}): Promise<ReadResult> {
  const { workspaceId, userId } = idsOf(id, props);
  const m = await getOrGone<ApiMember>(clientFor(props, ro), memberPath(workspaceId, userId));
  return m ? { id, props: outs({ ...props, workspaceId }, userId, m) } : {};
}

/** PUT the role (answered empty), then read the member. */
export async function update(id: string, olds: Props, news: Props, ro: RuntimeOptions = {}): Promise<UpdateResult> {
  const client = clientFor(news, ro);
  const { workspaceId, userId } = idsOf(id, olds);
  const path = memberPath(workspaceId, userId);
  await client.put(path, { role: news.role });
  return { outs: outs(news, userId, await client.get<ApiMember>(path)) };
}

/** Removes the user from the workspace (not from the organisation); a membership or workspace already gone is fine. */
export async function remove(id: string, props: Props, ro: RuntimeOptions = {}): Promise<void> {
  const { workspaceId, userId } = idsOf(id, props);
  await deleteOrGone(clientFor(props, ro), memberPath(workspaceId, userId));
}
