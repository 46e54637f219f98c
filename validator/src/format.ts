import type { Finding } from "./contract";
import type { Report } from "./report";

/** SNS allows subjects under 100 characters of printable ASCII, without line breaks. */
export const MAX_SUBJECT_LENGTH = 99;

/** SNS messages are limited to 256 KB; leave room for the envelope. */
const MAX_MESSAGE_BYTES = 240 * 1024;

/** Makes any text a valid SNS subject: printable ASCII only, one line, under 100 characters. */
export function sanitizeSubject(text: string): string {
  const clean = text.replace(/[^\x20-\x7e]+/g, " ").replace(/ {2,}/g, " ").trim();
  return clean.length <= MAX_SUBJECT_LENGTH ? clean : clean.slice(0, MAX_SUBJECT_LENGTH - 3).trimEnd() + "...";
}

/** The SNS subject for a report, e.g. `[FAIL] AWS Backup validation (us-west-2): 3 findings, 2 high`. */
export function subjectFor(report: Report, label?: string): string {
  const { HIGH, MEDIUM, LOW } = report.summary.severityCounts;
  const total = HIGH + MEDIUM + LOW;
  const where = label ? ` (${label})` : "";
  const counts = total === 0 ? "no findings" : `${total} finding${total === 1 ? "" : "s"}, ${HIGH} high`;
  return sanitizeSubject(`[${report.status}] AWS Backup validation${where}: ${counts}${report.partial ? ", partial" : ""}`);
}

const pct = (r: number | null) => (r === null ? "n/a" : `${(r * 100).toFixed(1)}%`);

/** The figures part of the summary: status, window, counts, errors. */
export function summaryHeader(report: Report): string {
  const s = report.summary;
  const lines = [
    `AWS Backup validation: ${report.status}${report.partial ? " (partial)" : ""}`,
    `Generated ${report.generatedAt}; window ${s.window.start} to ${s.window.end} (${s.window.lookbackHours} h)`,
    `Vaults: ${s.vaults.primary.join(", ")}${s.region ? ` in ${s.region}` : ""}` +
      (s.vaults.replica ? `; replica ${s.vaults.replica.vaultName} in ${s.vaults.replica.region}` : ""),
    `Targets: RPO ${s.targets.rpoHours} h, RTO ${s.targets.rtoHours} h`,
    "",
    `Backup jobs: ${s.backupJobs.total} (success rate ${pct(s.backupJobs.successRate)}; ` +
      Object.entries(s.backupJobs.byState).map(([k, v]) => `${k} ${v}`).join(", ") + ")",
    `Copy jobs: ${s.copyJobs.total}${s.vaults.replica ? `; ${s.copyJobs.missing} missing of ${s.copyJobs.checkedForCopy} checked` : ""}`,
    `Restore jobs: ${s.restoreJobs.total}; RTO breaches ${s.restoreJobs.rtoBreaches}`,
    `Recovery points: ${s.recoveryPoints.primary.total} primary` +
      (s.recoveryPoints.replica ? `, ${s.recoveryPoints.replica.total} replica` : ""),
    s.resources
      ? `Resources: ${s.resources.checked} checked for RPO, ${s.resources.rpoBreaches} breaches, ${s.resources.notProtected} expected but unprotected`
      : "Resources: RPO not evaluated",
    s.coverage
      ? `Coverage: ${s.coverage.selections} selections; expected ${Object.entries(s.coverage.expectedBySelection).map(([k, v]) => `${k} ${v}`).join(", ") || "none"}`
      : "Coverage: the plan's selections could not be read",
  ];
  const t = report.restoreTesting;
  if (t) {
    lines.push(`Restore tests (within ${t.maxAgeDays} days): ` + (t.targets === null
      ? "not judged (the restore testing plans could not be read)"
      : `${t.proven} proven, ${t.notValidated} not validated, ${t.missing} missing; ${t.notCleanedUp} not cleaned up` +
        (t.maxRestoreHours !== undefined ? `; longest proving restore ${t.maxRestoreHours} h (RTO ${t.rtoHours} h)` : "")));
  }
  const dr = s.disasterRecovery;
  if (dr) {
    lines.push(`Replica: ${dr.resourcesChecked === null ? "copy RPO not evaluated" : `${dr.resourcesChecked} resources checked against the copy RPO of ${dr.copyRpoHours} h, ${dr.replicaRpoBreaches} breaches`}` +
      (dr.lock ? `; lock ${dr.lock.locked ? `on (${dr.lock.minRetentionDays ?? "-"}-${dr.lock.maxRetentionDays ?? "-"} days)` : "OFF"}` : ""));
  }
  for (const e of s.errors) lines.push(`ERROR reading ${e.source}: ${e.message}`);
  for (const r of s.partialReasons) lines.push(`PARTIAL: ${r}`);
  for (const n of s.notes) lines.push(`NOTE: ${n}`);
  return lines.join("\n") + "\n";
}

/** A plain-text summary for e-mail (SNS) readers: the figures, then every finding kept. */
export function summaryText(report: Report): string {
  const s = report.summary;
  let body = summaryHeader(report) + "\n" + (report.findings.length === 0 ? "No findings." : "Findings:");
  for (const f of report.findings) {
    const line = `\n- [${f.severity}] ${f.code}: ${f.message}${f.jobId ? ` (job ${f.jobId})` : ""}`;
    if (Buffer.byteLength(body + line) > MAX_MESSAGE_BYTES) {
      body += "\n- ... more findings in the JSON report";
      break;
    }
    body += line;
  }
  if (s.findingsOmitted > 0) body += `\n(${s.findingsOmitted} more findings counted but not listed; see summary.findingCounts)`;
  return body + "\n";
}

const subject = (f: Finding) => f.resourceArn ?? f.recoveryPointArn ?? f.vaultName ?? f.jobId ?? "";

/** A fixed-width table of the findings for terminals. */
export function findingsTable(findings: Finding[]): string {
  if (findings.length === 0) return "No findings.\n";
  const rows = [["SEVERITY", "CODE", "SUBJECT", "MESSAGE"], ...findings.map((f) => [f.severity, f.code, subject(f), f.message])];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell)).join("  ")).join("\n") + "\n";
}
