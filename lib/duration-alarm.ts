import { Construct } from "constructs";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
// The validator's contract has no runtime dependencies: lib imports names from it, never validator code.
import { DURATION_METRIC_NAMES, METRICS_DIMENSION, METRICS_NAMESPACE } from "../validator/src/contract";
import { BooleanInput } from "./config";
import { durationThresholdSeconds } from "./decisions";
import { LiteralChecks } from "./literal-checks";
import { wholeNumberBetween } from "./rules";
import { OptionalResource } from "./values";

/** The share of the completion window, in percent, that the slowest resource type's p90 may reach. */
export const DURATION_ALARM_PERCENT = wholeNumberBetween(1, 100);

/** Properties of {@link BackupDurationAlarm}. */
export interface BackupDurationAlarmProps {
  /** Create the alarm (the validator and monitoring on). @default true */
  readonly enabled?: BooleanInput;
  /** The validator function whose duration metrics the alarm reads. */
  readonly validatorFunctionName: string;
  /** The shortest completion window of the plan's rules, in minutes: every job must fit in it. */
  readonly completionWindowMinutes: number;
  /** The alarm fires when the slowest resource type's p90 job duration exceeds this percent of the window. */
  readonly percentOfCompletionWindow: number;
  readonly alarmActions: string[];
  readonly tags?: Record<string, string>;
}

export { durationThresholdSeconds };

/**
 * An alarm on backup duration: the validator publishes the p90 job duration of each resource
 * type (`BackupJobDurationP90`, also under `FunctionName` alone), and the alarm fires when the
 * slowest type's figure (the `Maximum`) exceeds the configured share of the completion window,
 * before jobs start failing for running out of it.
 */
export class BackupDurationAlarm extends Construct {
  readonly alarm: OptionalResource<CloudwatchMetricAlarm>;

  constructor(scope: Construct, id: string, props: BackupDurationAlarmProps) {
    super(scope, id);
    const percent = props.percentOfCompletionWindow;
    new LiteralChecks().check("backup_duration_alarm_percent", percent, (p) => DURATION_ALARM_PERCENT.test(p), DURATION_ALARM_PERCENT.description).throwIfAny();
    const fn = props.validatorFunctionName;
    this.alarm = OptionalResource.when(
      props.enabled ?? true,
      (count) =>
        new CloudwatchMetricAlarm(this, "alarm", {
          count,
          alarmName: `${fn}-backup-duration`,
          alarmDescription:
            `The p90 backup job duration of a resource type exceeded ${percent}% of the plan's shortest completion window ` +
            `(${props.completionWindowMinutes} minutes): jobs are close to failing for running out of it; ` +
            "see summary.backupJobs.durationByResourceType in the validator's report",
          namespace: METRICS_NAMESPACE,
          metricName: DURATION_METRIC_NAMES.BackupJobDurationP90,
          dimensions: { [METRICS_DIMENSION]: fn },
          statistic: "Maximum",
          // One point per validator run; no data between runs is not a problem.
          period: 3600,
          evaluationPeriods: 1,
          threshold: durationThresholdSeconds(props.completionWindowMinutes, percent),
          comparisonOperator: "GreaterThanThreshold",
          treatMissingData: "notBreaching",
          alarmActions: props.alarmActions,
          tags: props.tags,
        }),
    );
  }
}
