/**
 * The instance-type catalog (`GET /instance-types`), as the Instance provider's `check()` uses it: an unknown type
 * fails the preview, naming the types that exist and those with capacity in the region, instead of passing until
 * the launch is refused. Capacity is not checked here: it changes by the minute, and the launch reports it.
 */

/** Instance type name → regions that have capacity for it now. */
export type InstanceTypeCatalog = Record<string, string[]>;

/** The `data` of `GET /instance-types` (spec: InstanceTypes), reduced to names and regions with capacity. */
export function parseCatalog(data: unknown): InstanceTypeCatalog {
  const catalog: InstanceTypeCatalog = {};
  if (!data || typeof data !== 'object') return catalog;
  for (const [name, entry] of Object.entries(data as Record<string, unknown>)) {
    const regions = (entry as { regions_with_capacity_available?: Array<{ name?: unknown }> })?.regions_with_capacity_available ?? [];
    catalog[name] = regions.map((r) => r?.name).filter((r): r is string => typeof r === 'string');
  }
  return catalog;
}

/** Why `type` cannot be launched anywhere, or undefined when the catalog knows it (or knows nothing). */
export function instanceTypeProblem(catalog: InstanceTypeCatalog, type: string, region: string): string | undefined {
  const names = Object.keys(catalog).sort();
  if (names.length === 0 || type in catalog) return undefined;
  const here = names.filter((n) => catalog[n].includes(region));
  return (
    `instanceType "${type}" is not a Lambda instance type. ` +
    `With capacity in ${region} now: ${here.length ? here.join(', ') : 'none'}; all types: ${names.join(', ')}`
  );
}
