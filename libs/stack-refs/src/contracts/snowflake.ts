import { z } from 'zod';
import { defineStackContract } from '../contract';

/**
 * Outputs of stacks/snowflake: everything Estuary's materialize-snowflake connector needs to load data with
 * key-pair (JWT) auth.
 */
export const snowflakeStack = defineStackContract({
  project: 'snowflake',
  description: 'Snowflake warehouses, databases, roles, users and grants',
  outputs: {
    host: {
      schema: z.string().regex(/^[^/:]+\.snowflakecomputing\.com$/),
      description: 'Account host, <org>-<account>.snowflakecomputing.com (no protocol)',
    },
    database: { schema: z.string(), description: 'Database the loader writes to' },
    schema: { schema: z.string(), description: 'Default schema for loaded tables' },
    warehouse: { schema: z.string(), description: 'Warehouse the loader uses' },
    role: { schema: z.string(), description: 'Role the loader assumes' },
    user: { schema: z.string(), description: 'Login name of the loader service user' },
    private_key: {
      schema: z.string().startsWith('-----BEGIN PRIVATE KEY-----'),
      secret: true,
      description: "Loader's current RSA private key, PKCS#8 PEM, unencrypted",
    },
  },
});
