import * as pulumi from '@pulumi/pulumi';
import { SophiaComponent } from '@sophia-ai/component';
import * as snowflake from '@pulumi/snowflake';
import { slug } from '../logic/names';
import type { WarehouseSpec } from '../logic/spec';

export interface MonitoredWarehouseArgs {
  /** The warehouse as the platform spec declares it (size, auto-suspend/resume, credit quota and thresholds). */
  spec: WarehouseSpec;
  /** Snowflake users e-mailed at the monitor's notify thresholds (they must have notifications enabled). */
  notifyUsers: string[];
  /** Resources of the notified users, when this stack declares them (a monitor can only name existing
   * users): the monitor is created after them. Default: none. */
  notifyUserResources?: pulumi.Resource[];
}

/**
 * A warehouse with its own resource monitor: the monitor (monthly credit quota, notify and suspend thresholds)
 * is created first and assigned to the warehouse, so no warehouse ever runs unmetered.
 */
export class MonitoredWarehouse extends SophiaComponent {
  readonly monitor: snowflake.ResourceMonitor;
  readonly warehouse: snowflake.Warehouse;
  /** Warehouse name in Snowflake. */
  readonly warehouseName: pulumi.Output<string>;

  constructor(name: string, args: MonitoredWarehouseArgs, opts?: pulumi.ComponentResourceOptions) {
    super('snowflake', 'MonitoredWarehouse', name, opts);
    const { spec } = args;
    const m = spec.monitor;
    this.monitor = new snowflake.ResourceMonitor(
      this.childName(slug('monitor')),
      {
        name: `${spec.name}_MONITOR`,
        creditQuota: m.monthlyCreditQuota,
        notifyTriggers: [...m.notifyAt].sort((a, b) => a - b),
        notifyUsers: args.notifyUsers.length ? args.notifyUsers : undefined,
        suspendTrigger: m.suspendAt,
        suspendImmediateTrigger: m.suspendImmediatelyAt,
      },
      this.childOptions({ dependsOn: args.notifyUserResources ?? [] }),
    );
    this.warehouse = new snowflake.Warehouse(
      this.childName(slug('warehouse')),
      {
        name: spec.name,
        comment: spec.comment || undefined,
        warehouseSize: spec.size,
        autoSuspend: spec.autoSuspendSeconds,
        // The provider takes a tri-state string ("true" | "false" | "default").
        autoResume: spec.autoResume ? 'true' : 'false',
        initiallySuspended: true,
        maxClusterCount: spec.maxClusterCount > 1 ? spec.maxClusterCount : undefined,
        resourceMonitor: this.monitor.name,
      },
      this.childOptions(),
    );
    this.warehouseName = this.warehouse.name;
    this.registerOutputs({ warehouseName: this.warehouseName, monitorName: this.monitor.name });
  }
}
