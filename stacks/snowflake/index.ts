import * as pulumi from '@pulumi/pulumi';
import { loadConfig } from '@sophia-ai/config';
import { snowflakeConfig } from '@sophia-ai/snowflake-config';
import { snowflakeStack } from '@sophia-ai/snowflake-contract';
import { declareOutputs, knownEnvironment } from '@sophia-ai/stack-refs';
import { SnowflakePlatform } from './src/components/platform';
import { accountHost } from './src/logic/names';
import { platformFor } from './src/platform-spec';
import { snowflakeProvider } from './src/provider';
import { parsePlatformSpec } from './src/logic/spec';

const env = knownEnvironment(pulumi.getStack());

const config = loadConfig(snowflakeConfig);
const spec = parsePlatformSpec(platformFor(env, config));
const provider = snowflakeProvider('snowflake-provider', config);
const platform = new SnowflakePlatform('snowflake', { spec, notifyUsers: config.monitorNotifyUsers }, { providers: [provider] });

export = declareOutputs(snowflakeStack, {
  host: accountHost(config.organizationName, config.accountName),
  database: platform.loader.database,
  schema: platform.loader.schema,
  warehouse: platform.loader.warehouse,
  role: platform.loader.role,
  user: platform.loader.user,
  private_key: platform.loader.privateKey,
  ingest_storage_integrations: pulumi.all(platform.ingestion.awsAccess),
  ingest_notification_channels: pulumi.all(platform.ingestion.notificationChannels),
});
