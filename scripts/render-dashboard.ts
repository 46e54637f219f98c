/**
 * Renders the production dashboard's body (the same `dashboardBody()` the construct deploys) to
 * docs/dashboard.png for the README: SVG from scripts/dashboard-svg.ts, screenshotted by headless
 * Debian Chromium. Installs chromium with apt when it is missing (tests never need it).
 *
 *   npx tsx scripts/render-dashboard.ts
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { dashboardBody } from "../lib/backup-dashboard";
import { dashboardSvg } from "./dashboard-svg";

const CHROMIUM = "/usr/bin/chromium";
const OUT = resolve(__dirname, "..", "docs", "dashboard.png");

function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  const sudo = process.getuid?.() === 0 ? [] : ["sudo"];
  const run = (args: string[]) => execFileSync(sudo[0] ?? args[0]!, sudo.length ? args : args.slice(1), { stdio: "inherit" });
  run(["apt-get", "update"]);
  run(["apt-get", "install", "-y", "--no-install-recommends", "chromium"]);
}

function main(): void {
  const body = dashboardBody({
    enabled: true, dashboardName: "arrakis-backup-production", region: "us-west-2", resourceTypes: ["RDS", "EBS", "EFS"],
    validatorFunctionName: "arrakis-backup-validator-production", rpoHours: 24, rtoHours: 4,
  });
  const svg = dashboardSvg(body, "arrakis-backup-production (CloudWatch dashboard, last 24 hours)");
  const dir = mkdtempSync(join(tmpdir(), "dashboard-"));
  try {
    const page = join(dir, "dashboard.html");
    writeFileSync(page, `<!doctype html><html><body style="margin:0">${svg}</body></html>`);
    const size = /width="(\d+)" height="(\d+)"/.exec(svg)!;
    ensureChromium();
    // Flags that keep Chromium off the network (the machine has none) and out of a profile.
    const result = spawnSync(CHROMIUM, [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--hide-scrollbars", `--user-data-dir=${join(dir, "profile")}`,
      `--window-size=${size[1]},${size[2]}`, `--screenshot=${OUT}`, `file://${page}`,
    ], { encoding: "utf8" });
    if (result.status !== 0 || !existsSync(OUT)) throw new Error(`chromium failed (${result.status}): ${result.stderr}`);
    console.log(`wrote ${OUT}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
