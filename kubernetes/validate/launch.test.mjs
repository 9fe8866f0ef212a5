// The Spark image's launch.sh with the ConfigMaps oshinko mounts, run for real on loopback: a master and a
// worker from spark-job/target/spark-home (what the image copies), conf files taken from
// spark-cluster-config.yaml, GraphiteSink lines caught by a TCP listener standing in for Carbon.
// Only the Carbon port (2003 in the pod) and the period are changed for the test.
//   node --test launch.test.mjs        (needs ./mvnw -pl spark-job package first)
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..");
const sparkHome = join(repo, "spark-job", "target", "spark-home");
const launch = join(repo, "kubernetes", "spark-image", "launch.sh");
const temp = mkdtempSync(join(tmpdir(), "sparkvar-launch-"));
const children = [];
let carbon;

after(async () => {
  for (const c of children) await stop(c);
  carbon?.close();
  rmSync(temp, { recursive: true, force: true });
});

/** Ends a child by its PID and waits for its exit (TERM, then KILL after 10 s). */
async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function freePort() {
  const server = createServer();
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

/** The data of one ConfigMap of spark-cluster-config.yaml. */
function configMap(name) {
  const text = readFileSync(join(repo, "kubernetes", "spark-cluster-config.yaml"), "utf8");
  const cm = parseAllDocuments(text).map((d) => d.toJS()).find((o) => o?.metadata?.name === name);
  assert.ok(cm, `ConfigMap ${name} not found`);
  return cm.data;
}

/** Writes a ConfigMap's files as oshinko mounts them, with Carbon's port and a 1 s period for the test. */
function mountConfig(name, carbonPort) {
  const dir = join(temp, `${name}-mount`);
  mkdirSync(dir);
  for (const [file, content] of Object.entries(configMap(name))) {
    let text = content;
    if (file === "metrics.properties") {
      assert.match(text, /^\*\.sink\.graphite\.port=2003$/m);
      text = text.replace(/^\*\.sink\.graphite\.port=2003$/m, `*.sink.graphite.port=${carbonPort}`)
        .replace(/^\*\.sink\.graphite\.period=\d+$/m, "*.sink.graphite.period=1");
    }
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

function start(name, env) {
  const log = [];
  const child = spawn("sh", [launch], {
    env: { PATH: process.env.PATH, HOME: temp, SPARK_HOME: sparkHome, SPARK_SCALA_VERSION: "2.12",
      SPARK_LOCAL_IP: "127.0.0.1", SPARK_DAEMON_MEMORY: "256m", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (d) => log.push(d.toString()));
  child.stderr.on("data", (d) => log.push(d.toString()));
  child.log = log;
  child.name = name;
  children.push(child);
  return child;
}

async function until(what, timeoutMs, probe, processes) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const p of processes) {
      if (p.exitCode !== null) assert.fail(`${p.name} exited (${p.exitCode}) before ${what}:\n${p.log.join("")}`);
    }
    const value = await probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.fail(`no ${what} within ${timeoutMs} ms:\n${processes.map((p) => `${p.name}: ${p.log.join("")}`).join("\n")}`);
}

test("launch.sh starts a master and a worker that registers and reports to Carbon", { timeout: 120_000 }, async () => {
  assert.ok(existsSync(join(sparkHome, "jars")), `${sparkHome}/jars missing: run ./mvnw -B -pl spark-job package -DskipTests`);

  const lines = [];
  carbon = createServer((socket) => socket.on("data", (d) => lines.push(...d.toString().split("\n"))));
  await new Promise((r) => carbon.listen(0, "127.0.0.1", r));
  const carbonPort = carbon.address().port;

  const [masterPort, masterUi, workerUi] = [await freePort(), await freePort(), await freePort()];
  const master = start("master", {
    SPARK_CONF_DIR: join(temp, "master-conf"),
    UPDATE_SPARK_CONF_DIR: mountConfig("masterconfig", carbonPort),
    SPARK_MASTER_PORT: String(masterPort),
    SPARK_MASTER_WEBUI_PORT: String(masterUi),
  });
  // The worker's Carbon host is "${OSHINKO_SPARK_CLUSTER}-carbon": naming the cluster "127.0.0.1" would give
  // "127.0.0.1-carbon", so the test mounts "${OSHINKO_SPARK_CLUSTER}" alone to see the substitution work.
  const workerMount = mountConfig("workerconfig", carbonPort);
  const workerMetrics = join(workerMount, "metrics.properties");
  const text = readFileSync(workerMetrics, "utf8");
  assert.ok(text.includes("${OSHINKO_SPARK_CLUSTER}-carbon"));
  writeFileSync(workerMetrics, text.replace("${OSHINKO_SPARK_CLUSTER}-carbon", "${OSHINKO_SPARK_CLUSTER}"));
  const worker = start("worker", {
    SPARK_CONF_DIR: join(temp, "worker-conf"),
    UPDATE_SPARK_CONF_DIR: workerMount,
    SPARK_WORKER_DIR: join(temp, "work"),
    SPARK_WORKER_WEBUI_PORT: String(workerUi),
    SPARK_MASTER_ADDRESS: `spark://127.0.0.1:${masterPort}`,
    OSHINKO_SPARK_CLUSTER: "127.0.0.1",
  });

  const state = await until("registered worker", 90_000, async () => {
    try {
      const json = await (await fetch(`http://127.0.0.1:${masterUi}/json/`)).json();
      return json.aliveworkers >= 1 ? json : null;
    } catch {
      return null;
    }
  }, [master, worker]);
  assert.equal(state.status, "ALIVE");
  assert.equal(state.url, `spark://127.0.0.1:${masterPort}`, "the master advertises SPARK_LOCAL_IP, not 0.0.0.0");

  // What the service waits on, from the master's GraphiteSink; and the worker's, through the substituted host.
  await until("master.aliveWorkers 1 at Carbon", 30_000,
    () => lines.some((l) => /^master\.aliveWorkers 1 \d+$/.test(l)), [master, worker]);
  await until("worker metrics at Carbon", 30_000,
    () => lines.some((l) => /^worker\.coresFree \d+ \d+$/.test(l)), [master, worker]);
  assert.match(readFileSync(join(temp, "worker-conf", "metrics.properties"), "utf8"),
    /^\*\.sink\.graphite\.host=127\.0\.0\.1$/m);

  for (const c of [worker, master]) await stop(c);
  for (const c of [worker, master]) assert.ok(!alive(c.pid), `${c.name} (pid ${c.pid}) still running`);
});
