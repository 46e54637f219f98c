import { parseArgs } from "node:util";
import { createClients, type Clients } from "./aws/clients";
import { buildConfig, type ValidatorConfig } from "./config";
import { EXIT_CODES, type ReportStatus } from "./contract";
import { InputError } from "./errors";
import { findingsTable, summaryHeader } from "./format";
import { runValidation } from "./validate";

/** Usage text printed with --help and after a bad flag. */
export const USAGE = `Usage: backup-validator --region REGION --vault NAME [--vault NAME2 ...] [--plan-id ID]
                        [--replica-region REGION --replica-vault NAME]
                        [--rpo-hours N] [--rto-hours N] [--lookback-hours N] [--stuck-hours N]
                        [--expected-kms-key ARN] [--expected-resource ARN ...]
                        [--restore-testing-plan NAME ...] [--restore-test-max-age-days N]
                        [--copy-rpo-hours N] [--replica-lock-min-days N] [--replica-lock-max-days N] [--json]

Runs the backup validator's checks with your AWS credentials and prints the findings.
  --region             region of the vaults (default: AWS_REGION)
  --vault              backup vault name; repeat for several vaults
  --plan-id            backup plan id: its selections say which resources must be protected
  --replica-region     region of the cross-region replica vault (with --replica-vault)
  --replica-vault      replica vault name (with --replica-region)
  --rpo-hours          recovery point objective in hours, a decimal number (default 24)
  --rto-hours          recovery time objective in hours (default 4)
  --lookback-hours     job window in hours, at most 720 (default 24)
  --stuck-hours        hours before an unfinished job counts as stuck (default: RPO)
  --expected-kms-key   KMS key ARN the primary vaults' recovery points must use
  --expected-resource  resource ARN that must be protected; repeatable
  --restore-testing-plan  restore testing plan whose restores must prove recovery; repeatable
  --restore-test-max-age-days  how old the newest validated restore test may be (default 8)
  --copy-rpo-hours     how old the newest replica recovery point may be (default: RPO + 2)
  --replica-lock-min-days, --replica-lock-max-days  the lock the replica vault must carry
  --air-gapped-vault   ARN of a logically air-gapped vault backups must also be copied to
  --json               print the JSON report instead of the summary and table
Every flag but --vault and --expected-resource may be given once.
Exit status: 0 PASS or WARN, 1 FAIL (backups are broken), 2 bad usage,
3 INCOMPLETE (the validator could not read everything) or the run itself failed.
`;

/** Where the CLI writes, and the clients it uses (tests pass fakes). */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env?: NodeJS.ProcessEnv;
  clients?: (config: ValidatorConfig) => Clients;
}

const OPTIONS = {
  region: { type: "string" },
  vault: { type: "string", multiple: true },
  "plan-id": { type: "string" },
  "replica-region": { type: "string" },
  "replica-vault": { type: "string" },
  "rpo-hours": { type: "string" },
  "rto-hours": { type: "string" },
  "lookback-hours": { type: "string" },
  "stuck-hours": { type: "string" },
  "expected-kms-key": { type: "string" },
  "expected-resource": { type: "string", multiple: true },
  "restore-testing-plan": { type: "string", multiple: true },
  "restore-test-max-age-days": { type: "string" },
  "copy-rpo-hours": { type: "string" },
  "replica-lock-min-days": { type: "string" },
  "replica-lock-max-days": { type: "string" },
  "air-gapped-vault": { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** Parses CLI flags into a config; throws {@link InputError} naming the flag. */
export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv = {}): { config: ValidatorConfig; json: boolean; help: boolean } {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true; allowPositionals: false; tokens: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false, tokens: true });
  } catch (err) {
    throw new InputError("arguments", argv.join(" "), err instanceof Error ? err.message : String(err));
  }
  const { values } = parsed;
  refuseRepeats(parsed.tokens);
  if (values.help) return { config: undefined as unknown as ValidatorConfig, json: false, help: true };
  const region = values.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!region) throw new InputError("--region", "", "a region is required (flag or AWS_REGION)");
  const config = buildConfig(
    {
      region,
      vaultNames: values.vault ?? [],
      planId: values["plan-id"],
      replicaRegion: values["replica-region"],
      replicaVaultName: values["replica-vault"],
      rpoHours: values["rpo-hours"],
      rtoHours: values["rto-hours"],
      lookbackHours: values["lookback-hours"],
      stuckJobHours: values["stuck-hours"],
      expectedResourceArns: values["expected-resource"] ?? [],
      expectedKmsKeyArn: values["expected-kms-key"],
      restoreTestingPlanNames: values["restore-testing-plan"] ?? [],
      restoreTestMaxAgeDays: values["restore-test-max-age-days"],
      copyRpoHours: values["copy-rpo-hours"],
      replicaLockMinDays: values["replica-lock-min-days"],
      replicaLockMaxDays: values["replica-lock-max-days"],
      airGappedVaultArn: values["air-gapped-vault"],
    },
    {
      region: "--region",
      vaultNames: "--vault",
      planId: "--plan-id",
      replicaRegion: "--replica-region",
      replicaVaultName: "--replica-vault",
      rpoHours: "--rpo-hours",
      rtoHours: "--rto-hours",
      lookbackHours: "--lookback-hours",
      stuckJobHours: "--stuck-hours",
      expectedResourceArns: "--expected-resource",
      expectedKmsKeyArn: "--expected-kms-key",
      snsTopicArn: "SNS_TOPIC_ARN",
      reportBucket: "REPORT_BUCKET",
      reportBucketOwner: "REPORT_BUCKET_OWNER",
      reportKmsKeyArn: "REPORT_KMS_KEY_ARN",
      restoreTestingPlanNames: "--restore-testing-plan",
      restoreTestMaxAgeDays: "--restore-test-max-age-days",
      copyRpoHours: "--copy-rpo-hours",
      replicaLockMinDays: "--replica-lock-min-days",
      replicaLockMaxDays: "--replica-lock-max-days",
      airGappedVaultArn: "--air-gapped-vault",
    },
  );
  return { config, json: values.json ?? false, help: false };
}

type Token = NonNullable<ReturnType<typeof parseArgs>["tokens"]>[number];

/** A single-valued flag given twice is refused (the last would silently win), as the environment refuses duplicates. */
function refuseRepeats(tokens: Token[]): void {
  const seen = new Map<string, string[]>();
  for (const t of tokens) {
    if (t.kind !== "option") continue;
    const values = seen.get(t.name) ?? [];
    values.push(t.value ?? "");
    seen.set(t.name, values);
    const def = OPTIONS[t.name as keyof typeof OPTIONS] as { multiple?: boolean };
    if (values.length > 1 && !def.multiple) throw new InputError(`--${t.name}`, values.join(" "), "may be given only once");
  }
}

/** Exit status of a finished run: {@link EXIT_CODES} by report status. */
export function exitCodeFor(status: ReportStatus): number {
  return EXIT_CODES[status];
}

/** Runs the CLI; resolves to the process exit status. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parseCliArgs>;
  try {
    parsed = parseCliArgs(argv, io.env ?? {});
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    io.stderr(`backup-validator: ${err.message}\n\n${USAGE}`);
    return EXIT_CODES.USAGE;
  }
  if (parsed.help) {
    io.stdout(USAGE);
    return 0;
  }
  try {
    const clients = (io.clients ?? ((c) => createClients(c.region)))(parsed.config);
    const report = await runValidation({ config: parsed.config, clients });
    io.stdout(parsed.json ? JSON.stringify(report, null, 2) + "\n" : `${summaryHeader(report)}\n${findingsTable(report.findings)}`);
    for (const e of report.summary.errors) io.stderr(`backup-validator: could not read ${e.source}: ${e.message}\n`);
    return exitCodeFor(report.status);
  } catch (err) {
    io.stderr(`backup-validator: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT_CODES.INCOMPLETE;
  }
}
