/**
 * The organization benchmark's rows (validator/bench/organization-bench.ts): 1,000 accounts × 2
 * regions on the local endpoint. Imported by a computed specifier, as the validator benchmark is.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Row, formatMs, verdict } from "./report";

const SPECIFIER = "../validator/bench/organization-bench";

/** Where the organization benchmark's source is expected. */
export const ORGANIZATION_BENCH_FILE = join(__dirname, SPECIFIER + ".ts");

type Bench = typeof import("../validator/bench/organization-bench");

/** Runs the organization benchmark and returns its table rows; none if the file is absent. */
export async function organizationBenchRows(): Promise<Row[]> {
  if (!existsSync(ORGANIZATION_BENCH_FILE)) return [];
  const specifier: string = SPECIFIER;
  const { runOrganizationBench, BENCH_ORGANIZATION: O } = (await import(specifier)) as Bench;
  const r = await runOrganizationBench();
  const method = "runOrganizationBench()";
  const rssMb = Math.max(r.coordinatorPeakRssMb, r.mergePeakRssMb);
  return [
    { measurement: "organization: coordinator job listings", method, baseline: `per account >= ${r.perAccountListingFloor}`,
      measured: `${r.coordinatorRequests.jobListings}`, ratio: "-", target: `= Σ ceil(items/1000) = ${r.expectedListingPages}`,
      verdict: r.coordinatorRequests.jobListings === r.expectedListingPages ? "PASS" : "OVER" },
    { measurement: "organization: coordinator requests (all)", method, baseline: "-", measured: `${r.coordinatorRequests.total}`, ratio: "-",
      target: `listings + ${r.expectedAccountPages} ListAccounts + ${O.regions.length + 1} puts`, verdict: "info" },
    { measurement: "organization: coordinator peak RSS", method, baseline: "-", measured: `${rssMb.toFixed(1)} MB`, ratio: "-", target: "< 512 MB", verdict: verdict(rssMb, 512, false) },
    { measurement: "organization: per-worker requests / RSS", method, baseline: "-", measured: `${r.workerRequests} / ${r.workerPeakRssMb.toFixed(1)} MB`, ratio: "-", target: "-", verdict: "info" },
    { measurement: "organization: merged report size", method, baseline: "-", measured: `${(r.reportBytes / 1024).toFixed(0)} KB (${r.accountsInReport} accounts)`, ratio: "-", target: "-", verdict: "info" },
    { measurement: "organization: projected wall time", method, baseline: "-", measured: `${r.projectedWallS} s`, ratio: "-",
      target: `concurrency ${O.maxConcurrency}, ${O.assumedRequestMs} ms/request`, verdict: "info" },
    { measurement: "organization: bench coordinator plan / merge", method, baseline: "-", measured: `${formatMs(r.coordinatorWallMs)} / ${formatMs(r.mergeWallMs)}`, ratio: "-", target: "-", verdict: "info" },
  ];
}
