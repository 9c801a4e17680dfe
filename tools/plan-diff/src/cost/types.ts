export type Service = 'Lambda Labs' | 'Snowflake' | 'Portkey';

/** One priced thing in a plan: an instance, a warehouse (or the warehouses one monitor caps), a Portkey workspace. */
export interface CostItem {
  service: Service;
  /** What is priced, by the names reviewers see (`lambda-gpu-1`, `ANALYTICS_WH`). */
  resource: string;
  /** Estimated monthly US dollars; absent when the price is unknown (never 0 for "unknown"). */
  usd?: number;
  /** How the figure was reached, or why it is unknown. */
  basis: string;
}
