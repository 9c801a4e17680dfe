import { referenceStack } from '@sophia-ai/stack-refs';
import { snowflakeStack } from '@sophia-ai/snowflake-contract';

export function endpoint() {
  const snowflake = referenceStack(snowflakeStack);
  return { host: snowflake.output('host'), user: snowflake.output('user'), warehouse: snowflake.output('warehouse') };
}
