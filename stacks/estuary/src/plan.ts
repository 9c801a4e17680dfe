import type { PlainValues } from '@sophia-ai/config';
import type { estuaryConfig } from '@sophia-ai/estuary-config';

/** One object the stack manages: its key in the program (child resource name) and its name at the service. */
export interface EstuaryItem {
  key: string;
  name: string;
}

/** Everything the stack will create, decided before any resource exists (pure: test it as a table). */
export interface EstuaryPlan {
  items: EstuaryItem[];
}

type Settings = Pick<PlainValues<typeof estuaryConfig>, 'namePrefix'>;

/** Config → the complete plan. Names are `<prefix>-<env>-<key>`, at most 63 characters. */
export function planEstuary(config: Settings, env: string): EstuaryPlan {
  const items = ['main'].map((key) => ({ key, name: `${config.namePrefix}-${env}-${key}` }));
  for (const item of items) {
    if (item.name.length > 63) throw new Error(`estuary:namePrefix is too long: "${item.key}" would be named with more than 63 characters`);
  }
  return { items };
}
