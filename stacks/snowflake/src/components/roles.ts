import * as pulumi from '@pulumi/pulumi';
import { SophiaComponent } from '@sophia-ai/component';
import * as snowflake from '@pulumi/snowflake';
import { grantId, type RoleToRoleGrant } from '../logic/grants';
import { slug } from '../logic/names';
import type { RoleSpec } from '../logic/spec';

export interface FunctionalRolesArgs {
  /** Functional roles of the spec (names and comments). */
  roles: RoleSpec[];
  /** Role → parent-role grants from the grant matrix; every chain ends under SYSADMIN. */
  hierarchy: RoleToRoleGrant[];
}

/** Account roles and the grants that place them in the hierarchy under SYSADMIN. */
export class FunctionalRoles extends SophiaComponent {
  /** Roles by name. */
  readonly roles: Record<string, snowflake.AccountRole>;

  constructor(name: string, args: FunctionalRolesArgs, opts?: pulumi.ComponentResourceOptions) {
    super('snowflake', 'FunctionalRoles', name, opts);
    this.roles = {};
    for (const role of args.roles) {
      this.roles[role.name] = new snowflake.AccountRole(
        this.childName(slug(role.name)),
        { name: role.name, comment: role.comment || undefined },
        this.childOptions(),
      );
    }
    for (const grant of args.hierarchy) {
      const dependsOn = [this.roles[grant.role], this.roles[grant.parentRole]].filter(
        (r): r is snowflake.AccountRole => r !== undefined,
      );
      new snowflake.GrantAccountRole(
        this.childName(slug(grantId(grant))),
        { roleName: grant.role, parentRoleName: grant.parentRole },
        this.childOptions({ dependsOn }),
      );
    }
    this.registerOutputs({ roleNames: Object.keys(this.roles) });
  }
}
