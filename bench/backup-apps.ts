/**
 * The project's apps as the benchmarks build them: the three-environment app of main.ts, and a
 * single production stack with a chosen number of RDS instances.
 */
import { App } from "cdktf";
import { addArrakisStacks, arrakisStackProps } from "../lib/arrakis-app";
import { BackupStack } from "../lib/backup-stack";
import { RdsInstance } from "../lib/config";

/**
 * Builds and synthesizes the environment stacks main.ts builds (lib/arrakis-app.ts): one {@link BackupStack}
 * per environment.
 * @param outdir - where `app.synth()` writes
 */
export function synthThreeStackApp(outdir: string): void {
  const app = new App({ outdir });
  addArrakisStacks(app);
  app.synth();
}

/**
 * `count` databases `db-1` … `db-<count>` in us-west-2.
 * @param count - how many (0 or more)
 */
export function benchRdsInstances(count: number): RdsInstance[] {
  return Array.from({ length: count }, (_, i) => ({
    identifier: `db-${i + 1}`,
    arn: `arn:aws:rds:us-west-2:123456789012:db:db-${i + 1}`,
  }));
}

/**
 * Builds and synthesizes main.ts's production stack alone, backing up `rdsCount` databases
 * (see {@link benchRdsInstances}).
 * @param outdir - where `app.synth()` writes
 * @param rdsCount - number of RDS instances in `rdsInstances`
 */
export function synthProductionStack(outdir: string, rdsCount: number): void {
  const app = new App({ outdir });
  new BackupStack(app, "backup-production", arrakisStackProps("production", benchRdsInstances(rdsCount)));
  app.synth();
}
