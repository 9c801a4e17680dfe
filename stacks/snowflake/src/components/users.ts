import * as pulumi from '@pulumi/pulumi';
import { SophiaComponent } from '@sophia-ai/component';
import * as snowflake from '@pulumi/snowflake';
import * as tls from '@pulumi/tls';
import { slug, publicKeyBody } from '../logic/names';
import { keySlots } from '../logic/rotation';
import type { PersonUserSpec, ServiceUserSpec } from '../logic/spec';

export interface KeyPairServiceUserArgs {
  /** The service user as the spec declares it: roles (first = default role), defaults, `keyRotation`. */
  spec: ServiceUserSpec;
  /** Resources the user's role grants must wait for (its roles; system roles need none). */
  roleResources: Record<string, pulumi.Resource>;
}

/**
 * A TYPE = SERVICE user (no password, no MFA, no Snowsight login) that authenticates with RSA key pairs only.
 * One @pulumi/tls RSA-2048 key pair exists per live key generation; `keySlots(spec.keyRotation)` decides which
 * generation sits in RSA_PUBLIC_KEY / RSA_PUBLIC_KEY_2 and which private key consumers get.
 */
export class KeyPairServiceUser extends SophiaComponent {
  readonly user: snowflake.ServiceUser;
  /** Key pairs by generation. */
  readonly keys: Record<number, tls.PrivateKey>;
  /** Login name. */
  readonly userName: pulumi.Output<string>;
  /** Generation consumers should use. */
  readonly currentKeyGeneration: number;
  /** Current private key, PKCS#8 PEM, unencrypted; always secret. */
  readonly privateKeyPem: pulumi.Output<string>;

  constructor(name: string, args: KeyPairServiceUserArgs, opts?: pulumi.ComponentResourceOptions) {
    super('snowflake', 'KeyPairServiceUser', name, opts);
    const { spec } = args;
    const slots = keySlots(spec.keyRotation, spec.retirePrevious);
    this.keys = {};
    for (const generation of slots.live) {
      this.keys[generation] = new tls.PrivateKey(
        this.childName(slug('key', `g${generation}`)),
        { algorithm: 'RSA', rsaBits: 2048 },
        this.childOptions(),
      );
    }
    const slotKey = (generation: number | undefined) =>
      generation === undefined ? undefined : this.keys[generation]!.publicKeyPem.apply(publicKeyBody);

    this.user = new snowflake.ServiceUser(
      this.childName(slug('user')),
      {
        // No loginName: Snowflake logs a user in by its name unless told otherwise, and the provider marks
        // loginName secret, which would hide the (public) user name everywhere it appears in plans and outputs.
        name: spec.name,
        comment: spec.comment || undefined,
        defaultRole: spec.roles[0],
        defaultWarehouse: spec.defaultWarehouse,
        defaultNamespace: spec.defaultNamespace,
        // Only the default role is active in a session: no surprise privileges from secondary roles.
        defaultSecondaryRolesOption: 'NONE',
        rsaPublicKey: slotKey(slots.slot1),
        rsaPublicKey2: slotKey(slots.slot2),
      },
      this.childOptions(),
    );
    grantUserRoles(this, spec, this.user, args.roleResources);
    this.userName = this.user.name;
    this.currentKeyGeneration = slots.current;
    // tls marks its private outputs secret through the engine; wrap explicitly so it holds under any runtime.
    this.privateKeyPem = pulumi.secret(this.keys[slots.current]!.privateKeyPemPkcs8);
    this.registerOutputs({
      userName: this.userName,
      currentKeyGeneration: this.currentKeyGeneration,
      privateKeyPem: this.privateKeyPem,
    });
  }
}

export interface PersonUserArgs {
  /** The human user as the spec declares it (e-mail, display name, roles; first role is the default). */
  spec: PersonUserSpec;
  /** Resources the user's role grants must wait for. */
  roleResources: Record<string, pulumi.Resource>;
}

/**
 * A human (TYPE = PERSON) user. No password is managed here: people sign in through the account's SSO, so the
 * stack never holds a human credential.
 */
export class PersonUser extends SophiaComponent {
  readonly user: snowflake.User;

  constructor(name: string, args: PersonUserArgs, opts?: pulumi.ComponentResourceOptions) {
    super('snowflake', 'PersonUser', name, opts);
    const { spec } = args;
    this.user = new snowflake.User(
      this.childName(slug('user')),
      {
        name: spec.name,
        loginName: spec.email,
        email: spec.email,
        displayName: spec.displayName,
        comment: spec.comment || undefined,
        defaultRole: spec.roles[0],
        defaultWarehouse: spec.defaultWarehouse,
      },
      this.childOptions(),
    );
    grantUserRoles(this, spec, this.user, args.roleResources);
    this.registerOutputs({ userName: this.user.name });
  }
}

/**
 * `<name>-role-<role>`: one GrantAccountRole per role of the user, parented to `parent`, after the user and the
 * role's resource (system roles have none).
 */
function grantUserRoles(
  parent: SophiaComponent,
  spec: { name: string; roles: string[] },
  user: pulumi.Resource,
  roleResources: Record<string, pulumi.Resource>,
): void {
  for (const role of spec.roles) {
    const roleResource = roleResources[role];
    new snowflake.GrantAccountRole(
      parent.childName(slug('role', role)),
      { roleName: role, userName: spec.name },
      parent.childOptions({ dependsOn: roleResource ? [user, roleResource] : [user] }),
    );
  }
}
