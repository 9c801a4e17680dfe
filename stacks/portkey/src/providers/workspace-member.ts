import type * as pulumi from '@pulumi/pulumi';
import type { WorkspaceRole } from '@sophia-ai/portkey-config';
import { DynamicResource } from '@sophia-ai/dynamic-provider';
import { portkeyKind, type PortkeyConnection } from './kind';

export const workspaceMemberKind = portkeyKind('workspaceMember', 'WorkspaceMember', ['userId', 'email']);

export interface WorkspaceMemberArgs extends PortkeyConnection {
  /** Id (UUID) of the workspace. Another workspace is another membership. */
  workspaceId: pulumi.Input<string>;
  /** The user's id, or the email of a user of the organisation (looked up). Another user is another membership. */
  user: pulumi.Input<string>;
  /** The user's role in the workspace; changed in place. */
  role: pulumi.Input<WorkspaceRole>;
}

/** A user's membership of a Portkey workspace, with its role. */
export class PortkeyWorkspaceMember extends DynamicResource {
  declare readonly userId: pulumi.Output<string>;
  declare readonly email: pulumi.Output<string | undefined>;
  constructor(name: string, args: WorkspaceMemberArgs, opts?: pulumi.CustomResourceOptions) {
    super(workspaceMemberKind, name, args, opts);
  }
}
