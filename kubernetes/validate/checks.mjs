// The manifests' checks, run beside the service's integration tests instead of after them (issue 20: the suite in
// at most 10 minutes). They need only what `package` made (target/quarkus-app, target/kubernetes, spark-job's
// spark-home), and their ~30 s are mostly waiting on the processes they start, so Maven starts them in the
// background at pre-integration-test and collects them at verify:
//   node checks.mjs reset <state dir>                                          (Maven: pre-integration-test)
//   node checks.mjs run <state dir> <generated dir> <committed dir> <update>   (Maven: then async, same phase)
//   node checks.mjs await <state dir> <timeout seconds>                       (Maven: verify; fails as they did)
// `run` writes every step's output to <state dir>/checks.log and its exit code last to <state dir>/rc; `await`
// prints the log and exits with that code, or fails when no code came in time. Only Node's standard library here:
// `npm ci` is one of the steps.
import { spawn } from "node:child_process";
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const [mode, state, ...rest] = process.argv.slice(2);
if (!state || !["reset", "run", "await"].includes(mode)) {
  console.error("usage: node checks.mjs reset <state dir> | run <state dir> <generated dir> <committed dir> <update> | await <state dir> <timeout s>");
  process.exit(2);
}
const log = join(state, "checks.log");
const rcFile = join(state, "rc");

if (mode === "reset") {
  // before `run` starts, so that `await` (maybe a moment later: -DskipITs) never reads an earlier build's code
  rmSync(state, { recursive: true, force: true });
} else if (mode === "run") {
  try {
    await run(...rest);
  } catch (e) {
    finish(`manifest checks: ${e.stack ?? e}\n`, 1);
  }
} else {
  await awaitChecks(Number(rest[0] ?? 600));
}

async function run(generated, committed, update) {
  mkdirSync(state, { recursive: true, mode: 0o700 });
  rmSync(rcFile, { force: true });
  const out = openSync(log, "w", 0o600);
  chmodSync(log, 0o600);
  const steps = [
    ["npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"]],
    ["node", ["sync.mjs", generated, committed, update]],
    ["node", ["validate.mjs", committed]],
    // launch.test.mjs starts the Spark image's launch.sh for real (needs spark-job/target/spark-home),
    // image.test.mjs the service from the JVM image's layout (needs target/quarkus-app)
    ["node", ["--test", "--test-reporter=dot", "validate.test.mjs", "launch.test.mjs", "image.test.mjs"]],
  ];
  let current = null;
  // Maven destroys this process when it stops early (a failed integration test, Ctrl-C): take the running step's
  // whole process group with it, so that no JVM a test started outlives the build.
  for (const signal of ["SIGTERM", "SIGINT"]) {
    process.on(signal, () => {
      if (current) {
        try { process.kill(-current.pid, "SIGKILL"); } catch { /* already gone */ }
      }
      process.exit(143);
    });
  }
  let rc = 0;
  for (const [command, args] of steps) {
    writeFileSync(out, `$ ${command} ${args.join(" ")}\n`);
    rc = await new Promise((resolve) => {
      current = spawn(command, args, { cwd: here, stdio: ["ignore", out, out], detached: true });
      current.on("error", (e) => { writeFileSync(out, `${command}: ${e.message}\n`); resolve(127); });
      current.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    });
    current = null;
    if (rc !== 0) break;
  }
  closeSync(out);
  finish("", rc);
}

function finish(message, rc) {
  mkdirSync(state, { recursive: true, mode: 0o700 });
  if (message) writeFileSync(log, message, { flag: "a", mode: 0o600 });
  // written whole, then renamed: `await` never reads half a code
  writeFileSync(rcFile + ".tmp", `${rc}\n`, { mode: 0o600 });
  renameSync(rcFile + ".tmp", rcFile);
}

async function awaitChecks(timeoutSeconds) {
  const deadline = Date.now() + timeoutSeconds * 1000;
  while (!existsSync(rcFile)) {
    if (Date.now() > deadline) {
      if (existsSync(log)) process.stdout.write(readFileSync(log));
      console.error(`manifest checks: no result within ${timeoutSeconds} s (${rcFile})`);
      process.exit(1);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  process.stdout.write(readFileSync(log));
  const rc = Number(readFileSync(rcFile, "utf8").trim());
  if (rc !== 0) console.error(`manifest checks failed (exit ${rc}); their output is above`);
  process.exit(rc);
}
