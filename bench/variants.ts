/**
 * The synth variants by name. Each variant loads its app module lazily, so a fresh process that
 * synthesizes one variant loads only the modules that variant needs (the minimal app never loads
 * lib/).
 */

/** Synthesizes one app into `outdir`. */
export type Synth = (outdir: string) => void;

/** Names of the synth variants. */
export const VARIANT_NAMES = ["minimal", "three-stack", "production-1-rds", "production-1000-rds"] as const;
/** One of {@link VARIANT_NAMES}. */
export type VariantName = (typeof VARIANT_NAMES)[number];

/** A variant: what it builds, and how to load its synth function. */
export interface Variant {
  /** Short description for the report. */
  readonly label: string;
  /** Imports the variant's app module and returns its synth function. */
  readonly load: () => Promise<Synth>;
}

/** Every variant, by name. */
export const VARIANTS: Readonly<Record<VariantName, Variant>> = {
  minimal: {
    label: "minimal app (1 deep-imported resource)",
    load: async () => (await import("./minimal-app")).synthMinimalApp,
  },
  "three-stack": {
    label: "the three environment stacks of main.ts (lib/arrakis-app.ts)",
    load: async () => (await import("./backup-apps")).synthThreeStackApp,
  },
  "production-1-rds": {
    label: "production stack, 1 RDS instance",
    load: async () => {
      const { synthProductionStack } = await import("./backup-apps");
      return (outdir) => synthProductionStack(outdir, 1);
    },
  },
  "production-1000-rds": {
    label: "production stack, 1,000 RDS instances",
    load: async () => {
      const { synthProductionStack } = await import("./backup-apps");
      return (outdir) => synthProductionStack(outdir, 1000);
    },
  },
};

/**
 * Whether `name` is one of {@link VARIANT_NAMES}.
 * @param name - e.g. a command-line argument
 */
export function isVariantName(name: string | undefined): name is VariantName {
  return (VARIANT_NAMES as readonly (string | undefined)[]).includes(name);
}
