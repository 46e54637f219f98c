/*
 * Construct properties of 0.1.0 that issue 9's one-resource-per-kind change replaced, kept as
 * deprecated accessors: each entry still reads the attribute of the alarm or rule it named, now
 * an instance of one `for_each` resource.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TerraformOutput, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { AccountContext } from "../lib/account";
import { BackupStack } from "../lib/backup-stack";
import { BooleanInput } from "../lib/config";
import { BackupMonitoring, FAILED_JOB_METRICS } from "../lib/monitoring";
import { ReplicaRegionMonitoring } from "../lib/replica-monitoring";
import { awsVersion, hasTerraform, lowerStackJson, scratch, terraform } from "./provider-mirror";
import { baseConfig } from "./synth";

type Json = { output?: Record<string, { value: unknown }>; resource?: Record<string, Record<string, any>>; locals?: Record<string, unknown> };

/** A stack with the failed-job alarms, enabled by `enabled` ("var" for a plan-time variable), and an output per former alarm's ARN. */
function monitoringStack(enabled: boolean | "var") {
  const stack = new TerraformStack(Testing.app(), "monitoring");
  const on: BooleanInput = enabled === "var" ? new TerraformVariable(stack, "monitoring_on", { type: "bool" }).booleanValue : enabled;
  const monitoring = new BackupMonitoring(stack, "monitoring", { enabled: on, projectName: "arrakis", environment: "production", vaultName: "vault", alarmActions: [], tags: {} });
  monitoring.alarms.forEach((alarm, i) => new TerraformOutput(stack, `alarm_${i}`, { value: alarm.attribute("arn") }));
  return { stack, monitoring, json: () => JSON.parse(Testing.synth(stack)) as Json };
}

const outputs = (json: Json) => Object.values(json.output ?? {}).map((o) => o.value);
const nameOf = (json: Json, type: string) => Object.keys(json.resource![type])[0];

describe("BackupMonitoring.alarms (0.1.0: one alarm resource per metric)", () => {
  it("has an entry per metric, each reading that metric's instance of the one alarm resource", () => {
    const { monitoring, json } = monitoringStack(true);
    const synthesized = json();
    const name = nameOf(synthesized, "aws_cloudwatch_metric_alarm");
    expect(monitoring.alarms).toHaveLength(FAILED_JOB_METRICS.length);
    expect(monitoring.alarms.map((a) => [a.exists, a.counted, a.resource])).toEqual(FAILED_JOB_METRICS.map(() => [true, false, monitoring.alarm]));
    expect(outputs(synthesized)).toEqual(FAILED_JOB_METRICS.map((m) => `\${aws_cloudwatch_metric_alarm.${name}["${m.id}"].arn}`));
  });

  it("reads an instance whose existence is decided at plan time through try(), null when absent", () => {
    const { monitoring, json } = monitoringStack("var");
    const synthesized = json();
    const name = nameOf(synthesized, "aws_cloudwatch_metric_alarm");
    expect(monitoring.alarms.every((a) => a.exists && a.counted)).toBe(true);
    expect(outputs(synthesized)).toEqual(FAILED_JOB_METRICS.map((m) => `\${try(aws_cloudwatch_metric_alarm.${name}["${m.id}"].arn, null)}`));
  });

  it("has absent entries, read as null, when monitoring is off", () => {
    const { monitoring, json } = monitoringStack(false);
    expect(monitoring.alarm).toBeUndefined();
    expect(monitoring.alarms.map((a) => a.exists)).toEqual([false, false, false]);
    expect(outputs(json())).toEqual([null, null, null]);
  });

  it("is what BackupModule's replica monitoring exposes too: the replica region's copy and restore alarms", () => {
    const stack = new BackupStack(Testing.app(), "backup-production", { region: "us-west-2", backup: baseConfig("production") });
    const replica = stack.backup.replicaMonitoring.monitoring;
    expect(replica.alarms.map((a) => a.exists)).toEqual([true, true]);
    expect(replica.alarms[0].resource).toBe(replica.alarm);
  });

  it.skipIf(!hasTerraform || awsVersion === undefined)("reads attributes terraform accepts (validate against the provider schema)", () => {
    const { dir, env } = scratch();
    for (const enabled of [true, "var"] as const) {
      const cwd = join(dir, String(enabled));
      mkdirSync(cwd, { recursive: true });
      writeFileSync(join(cwd, "main.tf.json"), JSON.stringify(lowerStackJson({ ...monitoringStack(enabled).json(), terraform: { required_providers: { aws: {} } } })));
      terraform(["init", "-backend=false", "-input=false"], cwd, env);
      expect(terraform(["validate"], cwd, env)).toContain("The configuration is valid");
    }
  }, 120_000);
});

describe("ReplicaRegionMonitoring.forwardingRules (issue 7: one rule resource per kind of event)", () => {
  function replicaStack(forward: BooleanInput | "var") {
    const stack = new TerraformStack(Testing.app(), "replica");
    const on = forward === "var" ? new TerraformVariable(stack, "forward", { type: "bool" }).booleanValue : forward;
    const replica = new ReplicaRegionMonitoring(stack, "replica", {
      projectName: "arrakis",
      environment: "production",
      account: new AccountContext(stack, "account"),
      replicaRegion: "us-east-1",
      replicaVaultName: "vault-replica",
      forwardEvents: on,
      alarms: on,
      routeAlarms: on,
      topicArn: "arn:aws:sns:us-west-2:111122223333:alerts",
      tags: {},
    });
    replica.forwardingRules.forEach((rule, i) => new TerraformOutput(stack, `rule_${i}`, { value: rule.attribute("name") }));
    return { replica, json: JSON.parse(Testing.synth(stack)) as Json };
  }

  it("lists the jobs rule, then the alarms rule, each reading its instance of the one rule resource", () => {
    const { replica, json } = replicaStack(true);
    const name = nameOf(json, "aws_cloudwatch_event_rule");
    expect(replica.forwardingRules.map((r) => [r.exists, r.resource])).toEqual([
      [true, replica.forwardingRule],
      [true, replica.forwardingRule],
    ]);
    expect(outputs(json)).toEqual([`\${aws_cloudwatch_event_rule.${name}["jobs"].name}`, `\${aws_cloudwatch_event_rule.${name}["alarms"].name}`]);
  });

  it("reads through try() when forwarding is decided at plan time, and is absent when it is off", () => {
    const planTime = replicaStack("var");
    expect(outputs(planTime.json).every((o) => typeof o === "string" && o.startsWith("${try(aws_cloudwatch_event_rule."))).toBe(true);
    const off = replicaStack(false);
    expect(off.replica.forwardingRule).toBeUndefined();
    expect(off.replica.forwardingRules.map((r) => r.exists)).toEqual([false, false]);
    expect(outputs(off.json)).toEqual([null, null]);
  });
});
