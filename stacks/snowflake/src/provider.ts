import * as pulumi from '@pulumi/pulumi';
import * as snowflake from '@pulumi/snowflake';

/**
 * Resources this stack uses that the provider (v1.x) still ships as preview features: each must be enabled
 * explicitly or the provider refuses to manage it.
 */
export const PREVIEW_FEATURES = [
  'snowflake_file_format_resource',
  'snowflake_pipe_resource',
  'snowflake_stage_resource',
  'snowflake_storage_integration_resource',
  'snowflake_table_resource',
] as const;

/** The deployment login, named as the `snowflake` config namespace names it (so the typed config is passed as is). */
export interface SnowflakeProviderArgs {
  /** Snowflake organisation name (the `<org>` of `<org>-<account>.snowflakecomputing.com`). */
  organizationName: string;
  /** Account name within the organisation. */
  accountName: string;
  /** Deployment user (key-pair auth). */
  adminUser: string;
  /** Role the deployment runs as. */
  adminRole: string;
  /** PKCS#8 PEM private key of the deployment user; secret. */
  adminPrivateKey: pulumi.Input<string>;
  /** Passphrase when the key is encrypted; secret. Default: none (an unencrypted key). */
  adminPrivateKeyPassphrase?: pulumi.Input<string>;
}

/** The explicit provider every resource of the stack uses: key-pair (JWT) auth, no ambient credentials. */
export function snowflakeProvider(name: string, args: SnowflakeProviderArgs, opts?: pulumi.CustomResourceOptions) {
  return new snowflake.Provider(
    name,
    {
      organizationName: args.organizationName,
      accountName: args.accountName,
      user: args.adminUser,
      role: args.adminRole,
      authenticator: 'SNOWFLAKE_JWT',
      privateKey: pulumi.secret(args.adminPrivateKey),
      privateKeyPassphrase: args.adminPrivateKeyPassphrase === undefined ? undefined : pulumi.secret(args.adminPrivateKeyPassphrase),
      previewFeaturesEnabled: [...PREVIEW_FEATURES],
    },
    opts,
  );
}
