/** The README's dashboard picture is drawn from the dashboard body the construct deploys. */
import { describe, expect, it } from "vitest";
import { dashboardBody } from "../lib/backup-dashboard";
import { dashboardSvg, sampleSeries } from "../scripts/dashboard-svg";
import { dashboardProps } from "./recovery-stack";

describe("dashboard picture", () => {
  const body = dashboardBody(dashboardProps());
  const svg = dashboardSvg(body, "arrakis <production>");

  it("draws one panel per widget with its title, a line and a legend entry per metric, and the RTO line", () => {
    for (const w of body.widgets) expect(svg).toContain(`>${(w.properties.title as string).replace(/</g, "&lt;")}</text>`);
    const metrics = body.widgets.reduce((n, w) => n + (w.properties.metrics as unknown[]).length, 0);
    expect(svg.match(/<polyline /g)).toHaveLength(metrics);
    expect(svg).toContain(">RTO 4</text>");
    expect(svg).toContain("arrakis &lt;production&gt;");
  });

  it("uses repeatable sample series, failures mostly zero", () => {
    expect(sampleSeries("a/NumberOfBackupJobsCompleted/RDS", 24, 12)).toEqual(sampleSeries("a/NumberOfBackupJobsCompleted/RDS", 24, 12));
    const failed = sampleSeries("a/NumberOfBackupJobsFailed/RDS", 24, 12);
    expect(failed.filter((v) => v === 0).length).toBeGreaterThan(12);
  });
});
