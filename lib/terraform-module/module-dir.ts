import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/** Hand-written parts of module/ that generation leaves alone. */
export const HAND_WRITTEN = ["tests", "modules"];

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

/**
 * How `moduleDir` differs from freshly generated `files`: `changed: PATH` for a file missing or
 * different on disk, `extra: PATH` for a generated-area file that generation no longer writes.
 */
export function staleModuleFiles(moduleDir: string, files: ReadonlyMap<string, string | Buffer>): string[] {
  const existing = listFiles(moduleDir)
    .map((path) => relative(moduleDir, path))
    .filter((path) => !HAND_WRITTEN.some((kept) => path.startsWith(`${kept}/`)));
  return [
    ...[...files]
      .filter(([path, content]) => !existsSync(join(moduleDir, path)) || !readFileSync(join(moduleDir, path)).equals(Buffer.from(content)))
      .map(([path]) => `changed: ${path}`),
    ...existing.filter((path) => !files.has(path)).map((path) => `extra: ${path}`),
  ];
}
