import { FINDING_CODES, type Finding, type FindingCode, type Severity } from "./contract";

const SEVERITY_ORDER: Record<Severity, number> = { HIGH: 0, MEDIUM: 1, LOW: 2 };

/**
 * Collects findings with a cap per code, so a vault with 50,000 unencrypted recovery points
 * produces a readable report and bounded memory. Counts always include the findings left out.
 */
export class FindingCollector {
  private readonly kept: Finding[] = [];
  private readonly perCode = new Map<FindingCode, number>();
  private readonly perSeverity: Record<Severity, number> = { HIGH: 0, MEDIUM: 0, LOW: 0 };

  /** @param maxPerCode how many findings of one code keep their details */
  constructor(private readonly maxPerCode = 50) {}

  /** Adds findings; `undefined` entries are skipped so checks can return "no finding". */
  add(...findings: (Finding | undefined)[]): void {
    for (const f of findings) {
      if (!f) continue;
      const n = (this.perCode.get(f.code) ?? 0) + 1;
      this.perCode.set(f.code, n);
      this.perSeverity[f.severity]++;
      if (n <= this.maxPerCode) this.kept.push(f);
    }
  }

  /** Findings kept, most severe first, then in {@link FINDING_CODES} order. */
  list(): Finding[] {
    const codeOrder = (c: FindingCode) => FINDING_CODES.indexOf(c);
    return [...this.kept].sort(
      (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || codeOrder(a.code) - codeOrder(b.code),
    );
  }

  /** Number of findings per code, including those left out of {@link list}. */
  countsByCode(): Partial<Record<FindingCode, number>> {
    return Object.fromEntries(FINDING_CODES.filter((c) => this.perCode.has(c)).map((c) => [c, this.perCode.get(c)!]));
  }

  /** Number of findings per severity, including those left out. */
  countsBySeverity(): Record<Severity, number> {
    return { ...this.perSeverity };
  }

  /** Total number of findings, including those left out. */
  total(): number {
    return this.perSeverity.HIGH + this.perSeverity.MEDIUM + this.perSeverity.LOW;
  }

  /** How many findings were counted but not kept. */
  omitted(): number {
    return this.total() - this.kept.length;
  }
}
