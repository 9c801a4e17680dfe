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

export interface SnowflakeProviderArgs {
  organizationName: string;
  accountName: string;
  /** Deployment user (key-pair auth). */
  user: string;
  /** Role the deployment runs as. */
  role: string;
  /** PKCS#8 PEM private key of the deployment user; secret. */
  privateKey: pulumi.Input<string>;
  /** Passphrase when the key is encrypted; secret. */
  privateKeyPassphrase?: pulumi.Input<string>;
}

/** The explicit provider every resource of the stack uses: key-pair (JWT) auth, no ambient credentials. */
export function snowflakeProvider(name: string, args: SnowflakeProviderArgs, opts?: pulumi.CustomResourceOptions) {
  return new snowflake.Provider(
    name,
    {
      organizationName: args.organizationName,
      accountName: args.accountName,
      user: args.user,
      role: args.role,
      authenticator: 'SNOWFLAKE_JWT',
      privateKey: pulumi.secret(args.privateKey),
      privateKeyPassphrase: args.privateKeyPassphrase === undefined ? undefined : pulumi.secret(args.privateKeyPassphrase),
      previewFeaturesEnabled: [...PREVIEW_FEATURES],
    },
    opts,
  );
}
