/**
 * `terraform validate` against the real AWS provider schema (local mirror, see provider-mirror.ts)
 * of the issue-13 constructs: tamper alert rules with input transformers, VPC endpoints and their
 * security group, capacity and duration alarms, with literal and plan-time inputs. Skipped where
 * there is no terraform binary or no mirror.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { BackupCapacityAlarms } from "../lib/capacity-alarms";
import { BackupDurationAlarm } from "../lib/duration-alarm";
import { TamperAlerts } from "../lib/tamper-alerts";
import { ValidatorEndpoints, endpointsFor } from "../lib/validator-endpoints";
import { awsVersion, hasTerraform, lowerStackJson, scratch, terraform } from "./provider-mirror";

const TOPIC = "arn:aws:sns:us-west-2:111122223333:alerts";

function stackJson(): Record<string, any> {
  const stack = new TerraformStack(Testing.app(), "operational");
  new AwsProvider(stack, "aws", { region: "us-west-2" });
  const on = new TerraformVariable(stack, "enabled", { type: "bool", default: true }).booleanValue;
  const percent = new TerraformVariable(stack, "percent", { type: "number", default: 80 }).numberValue;
  new TamperAlerts(stack, "tamper", {
    enabled: on,
    projectName: "arrakis",
    environment: "production",
    vaultNames: ["arrakis-backup-vault-production"],
    planId: "plan-1",
    keyArns: ["arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"],
    topicArn: TOPIC,
  });
  new ValidatorEndpoints(stack, "endpoints", {
    enabled: on,
    projectName: "arrakis",
    environment: "production",
    vpcId: "vpc-0123456789abcdef0",
    serviceNamePrefix: "com.amazonaws.us-west-2",
    subnetIds: ["subnet-0123456789abcdef0"],
    functionSecurityGroupIds: ["sg-0123456789abcdef0"],
    services: endpointsFor({ BACKUP_PLAN_ID: true, SNS_TOPIC_ARN: on, REPORT_BUCKET: true }),
    routeTableIds: ["rtb-0123456789abcdef0"],
    reportObjectArns: ["arn:aws:s3:::arrakis-backup-reports-production-111122223333/backup-validation/*"],
  });
  new BackupCapacityAlarms(stack, "capacity", {
    projectName: "arrakis", environment: "production", vaultName: "arrakis-backup-vault-production", jobsInFlightThreshold: 50, alarmActions: [TOPIC],
  });
  new BackupDurationAlarm(stack, "duration", {
    enabled: on, validatorFunctionName: "arrakis-backup-validator-production", completionWindowMinutes: 1440, percentOfCompletionWindow: percent, alarmActions: [TOPIC],
  });
  return JSON.parse(Testing.synth(stack));
}

describe.skipIf(!hasTerraform || awsVersion === undefined)(`issue-13 constructs with the AWS provider ${awsVersion ?? "(none mirrored)"}`, () => {
  it("validate against the provider schema", () => {
    const { dir, env } = scratch();
    const cwd = join(dir, "operational");
    mkdirSync(cwd, { recursive: true });
    writeFileSync(join(cwd, "cdk.tf.json"), JSON.stringify(lowerStackJson(stackJson())));
    terraform(["init", "-backend=false", "-input=false"], cwd, env);
    expect(terraform(["validate"], cwd, env)).toContain("The configuration is valid");
  }, 180_000);
});
