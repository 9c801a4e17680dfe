/** Naming: Snowflake fully qualified names and Pulumi logical names, derived in one place. */

/** `"A"."B"."C"` — the quoted fully qualified form the provider's grant resources expect. */
export function qualify(...parts: string[]): string {
  return parts.map((p) => `"${p.replace(/"/g, '""')}"`).join('.');
}

/** `RAW.ESTUARY` → `{ database: 'RAW', schema: 'ESTUARY' }`. */
export function splitSchema(dbSchema: string): { database: string; schema: string } {
  const [database, schema, ...rest] = dbSchema.split('.');
  if (!database || !schema || rest.length) throw new Error(`Expected DATABASE.SCHEMA, got "${dbSchema}"`);
  return { database, schema };
}

/** Identifier → logical-name fragment: `LOADING_WH` → `loading-wh` (a child name part: `this.childName(slug(…))`). */
export function slug(...parts: string[]): string {
  return parts
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * Account host for an organization and account name: `<org>-<account>.snowflakecomputing.com`, lower case, with
 * underscores in the account name written as hyphens (the form Snowflake documents for URLs and hostnames).
 */
export function accountHost(organizationName: string, accountName: string): string {
  return `${organizationName}-${accountName}`.toLowerCase().replace(/_/g, '-') + '.snowflakecomputing.com';
}

/** A PEM public key as Snowflake's RSA_PUBLIC_KEY wants it: base64 body on one line, no header or trailer. */
export function publicKeyBody(pem: string): string {
  return pem
    .replace(/-----(BEGIN|END) [A-Z ]+-----/g, '')
    .replace(/\s+/g, '');
}
