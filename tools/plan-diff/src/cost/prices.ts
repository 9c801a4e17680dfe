import { INSTANCE_TYPES } from '@sophia-ai/sandbox/src/lambda/catalog';

/**
 * What the cost line multiplies by. Every figure here is an assumption the comment states; a caller may pass its
 * own (`--lambda-catalog` with a live `GET /instance-types` answer, `--snowflake-credit-usd`).
 */
export interface PriceBook {
  /** Lambda instance type → US cents per hour. */
  lambdaCentsPerHour: Record<string, number>;
  /** Where the Lambda prices come from, for the assumptions line. */
  lambdaSource: string;
  /** US dollars per Snowflake credit (depends on edition, cloud and region, and on the contract). */
  snowflakeCreditUsd: number;
}

/** 24 × 365 / 12: the hours of an average month, as cloud price lists use. */
export const HOURS_PER_MONTH = 730;

/**
 * Snowflake standard (Gen1) warehouse credits per hour by size, as CREATE WAREHOUSE spells the size
 * (https://docs.snowflake.com/user-guide/warehouses-overview#warehouse-size): each size doubles the one before.
 */
export const SNOWFLAKE_CREDITS_PER_HOUR: Record<string, number> = {
  XSMALL: 1, SMALL: 2, MEDIUM: 4, LARGE: 8, XLARGE: 16, XXLARGE: 32, XXXLARGE: 64, X4LARGE: 128, X5LARGE: 256, X6LARGE: 512,
};

/** Snowflake's on-demand Enterprise price in AWS US regions; Standard edition is lower, Business Critical higher. */
export const DEFAULT_SNOWFLAKE_CREDIT_USD = 3;

/** Prices of the instance-type catalog the sandbox serves (Lambda's public price list, in cents per hour). */
export function defaultPriceBook(): PriceBook {
  return {
    lambdaCentsPerHour: Object.fromEntries(INSTANCE_TYPES.map((t) => [t.name, t.price_cents_per_hour])),
    lambdaSource: 'the instance-type catalog in tools/sandbox/src/lambda/catalog.ts',
    snowflakeCreditUsd: DEFAULT_SNOWFLAKE_CREDIT_USD,
  };
}

/**
 * Prices from a saved `GET /instance-types` answer (`{ data: { <name>: { instance_type: { price_cents_per_hour } } } }`,
 * Lambda Cloud API v1.8.3 `InstanceTypes`). Entries without a numeric price are skipped, so they read as unknown.
 */
export function lambdaPricesFromInstanceTypes(body: unknown): Record<string, number> {
  const data = (body as { data?: unknown })?.data;
  if (!data || typeof data !== 'object') throw new Error('not a GET /instance-types answer: expected an object with "data"');
  const prices: Record<string, number> = {};
  for (const [name, entry] of Object.entries(data as Record<string, unknown>)) {
    const cents = (entry as { instance_type?: { price_cents_per_hour?: unknown } })?.instance_type?.price_cents_per_hour;
    if (typeof cents === 'number' && Number.isFinite(cents) && cents >= 0) prices[name] = cents;
  }
  return prices;
}
