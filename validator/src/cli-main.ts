/** Entry of the `backup-validator` command. */
import { runCli } from "./cli";
import { EXIT_CODES } from "./contract";

runCli(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  env: process.env,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`backup-validator: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = EXIT_CODES.INCOMPLETE;
  },
);
