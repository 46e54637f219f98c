#!/usr/bin/env node
/*
 * The `backup-validator` command: runs the bundled CLI, dist/cli.js.
 *
 * This file is committed, and is what `bin` names, because npm links a workspace's bins before
 * the workspace is built: a bin naming dist/cli.js gets no link on a fresh `npm ci`, and
 * `npx backup-validator` then asks the public registry for a package of that name. In a source
 * checkout whose build is missing (say `npm ci --ignore-scripts`), it builds first.
 */
"use strict";
const { existsSync } = require("node:fs");
const { join } = require("node:path");
const { spawnSync } = require("node:child_process");

const packageDir = join(__dirname, "..");
const cli = join(packageDir, "dist", "cli.js");

function fail(message) {
  process.stderr.write(`backup-validator: ${message}\n`);
  process.exit(3);
}

if (!existsSync(cli)) {
  const buildScript = join(packageDir, "scripts", "build.ts");
  if (!existsSync(buildScript)) fail(`${cli} is missing: reinstall @arrakis-platform/backup-validator.`);
  let tsx;
  try {
    tsx = require.resolve("tsx/cli", { paths: [packageDir] });
  } catch {
    fail("the CLI is not built and tsx is not installed: run `npm ci`, then `npm run build --workspace validator`.");
  }
  // Build output goes to stderr, so that --json output stays parseable.
  const build = spawnSync(process.execPath, [tsx, buildScript], { cwd: packageDir, stdio: ["ignore", 2, 2] });
  if (build.status !== 0 || !existsSync(cli)) fail("building the CLI failed: run `npm run build --workspace validator` and read its errors.");
}
require(cli);
