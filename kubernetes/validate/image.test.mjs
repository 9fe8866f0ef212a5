// The service image without a container engine: the COPY lines of Dockerfile.jvm are replayed into a temp
// folder standing for "/" (symlinks to the build outputs), then the service is started the way the image
// and the generated Deployment start it (java -jar /deployments/quarkus-run.jar with the Deployment's env,
// /deployments moved under the temp folder) and its probe paths must answer 200.
//   node --test image.test.mjs          (needs ./mvnw package first: service fast-jar, spark-job outputs)
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..");
const temp = mkdtempSync(join(tmpdir(), "sparkvar-image-"));
const rootfs = join(temp, "rootfs");
let service;
let oshinko;

after(async () => {
  if (service && service.exitCode === null && service.signalCode === null) {
    const exited = new Promise((r) => service.once("exit", r));
    service.kill("SIGTERM");
    const timer = setTimeout(() => service.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  }
  oshinko?.close();
  rmSync(temp, { recursive: true, force: true });
});

/** COPY lines of a Dockerfile: { sources, dest } (flags such as --chown dropped). */
function copies(dockerfile) {
  return readFileSync(dockerfile, "utf8").split("\n").filter((l) => /^COPY\s/.test(l)).map((l) => {
    const words = l.split(/\s+/).slice(1).filter((w) => !w.startsWith("--"));
    return { sources: words.slice(0, -1), dest: words.at(-1) };
  });
}

/** Source paths a COPY source stands for (a trailing "*.ext" glob in the last segment is expanded). */
function expand(source) {
  const path = join(repo, source);
  const name = basename(source);
  if (!name.includes("*")) return existsSync(path) ? [path] : [];
  const dir = dirname(path);
  const re = new RegExp(`^${name.replace(/\./g, "\\.").replace(/\*/g, ".*")}$`);
  return existsSync(dir) ? readdirSync(dir).filter((f) => re.test(f)).map((f) => join(dir, f)) : [];
}

/** Replays the COPY lines into rootfs with symlinks; returns the sources that do not exist. */
function replay(dockerfile) {
  const missing = [];
  for (const { sources, dest } of copies(dockerfile)) {
    for (const source of sources) {
      const paths = expand(source);
      if (paths.length === 0) missing.push(source);
      for (const path of paths) {
        // "dir/" into "dest/" copies the folder's content: the folder itself becomes dest.
        const target = source.endsWith("/") ? join(rootfs, dest) : join(rootfs, dest, basename(path));
        mkdirSync(dirname(target), { recursive: true });
        symlinkSync(path, target.replace(/\/$/, ""));
      }
    }
  }
  return missing;
}

/** ENV lines of a Dockerfile, "ENV A=1" or "ENV A=1 B=2" with optional double quotes. */
function dockerEnv(dockerfile) {
  const env = {};
  for (const line of readFileSync(dockerfile, "utf8").split("\n").filter((l) => /^ENV\s/.test(l))) {
    for (const m of line.slice(4).matchAll(/(\w+)=("[^"]*"|\S+)/g)) env[m[1]] = m[2].replace(/^"|"$/g, "");
  }
  return env;
}

function deploymentContainer() {
  const text = readFileSync(join(repo, "kubernetes", "openshift.yml"), "utf8");
  const d = parseAllDocuments(text).map((x) => x.toJS())
    .find((o) => o?.kind === "Deployment" && o.metadata.name === "sparkvar");
  return d.spec.template.spec.containers.find((c) => c.name === "sparkvar");
}

async function freePort() {
  const s = createServer();
  await new Promise((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

test("the JVM image's layout starts the service and its probes answer 200", { timeout: 180_000 }, async () => {
  const dockerfile = join(repo, "service", "src", "main", "docker", "Dockerfile.jvm");
  const missing = replay(dockerfile);
  // The bundled sample comes from the spark-job module (another change); everything else must be built.
  const required = missing.filter((m) => m !== "spark-job/target/data/");
  assert.deepEqual(required, [], `COPY sources missing: run ./mvnw -B package -DskipTests first`);
  if (missing.length > 0) console.log(`# not built yet, the image build would fail on: ${missing.join(", ")}`);

  const deployments = join(rootfs, "deployments");
  const jobHome = join(deployments, "spark-job");
  assert.ok(existsSync(join(jobHome, "sparkvar-job.jar")), "no sparkvar-job.jar in SPARKVAR_JOB_HOME");
  assert.ok(existsSync(join(jobHome, "spark-home", "jars")), "no spark-home/jars in SPARKVAR_JOB_HOME");

  // oshinko cannot run here: its documented GET / reply, in case the service checks the server.
  oshinko = createServer((req, res) => {
    res.writeHead(req.url === "/" ? 200 : 404, { "content-type": "application/json" });
    res.end(req.url === "/" ? '{"application":{"name":"oshinko-rest-server","version":"0.1.0"}}' : "{}");
  });
  await new Promise((r) => oshinko.listen(0, "127.0.0.1", r));

  // The image's env, then the Deployment's (it wins in a pod), with /deployments moved under rootfs.
  const relocate = (v) => v.replaceAll("/deployments", deployments);
  const env = { PATH: process.env.PATH, HOME: temp };
  for (const [k, v] of Object.entries(dockerEnv(dockerfile))) env[k] = relocate(v);
  const container = deploymentContainer();
  for (const e of container.env) {
    if (e.value !== undefined) env[e.name] = relocate(e.value);
    else if (e.valueFrom?.fieldRef?.fieldPath === "status.podIP") env[e.name] = "127.0.0.1";
  }
  assert.equal(env.SPARKVAR_JOB_HOME, jobHome);
  const port = await freePort();
  // the probes are on the management port (issue 21): the manifest's port, moved to a free one here
  const managementPort = await freePort();
  Object.assign(env, {
    QUARKUS_HTTP_HOST: "127.0.0.1", // tests listen on loopback only; the pod uses 0.0.0.0
    QUARKUS_HTTP_PORT: String(port),
    QUARKUS_MANAGEMENT_HOST: "127.0.0.1",
    QUARKUS_MANAGEMENT_PORT: String(managementPort),
    OSHINKO_REST_SERVICE_HOST: "127.0.0.1",
    OSHINKO_REST_SERVICE_PORT: String(oshinko.address().port),
  });
  mkdirSync(env.SPARKVAR_RUNS_DIR, { recursive: true });

  const log = [];
  service = spawn("java", [`-Xmx256m`, "-jar", join(deployments, "quarkus-run.jar")], { cwd: deployments, env });
  service.stdout.on("data", (d) => log.push(d.toString()));
  service.stderr.on("data", (d) => log.push(d.toString()));

  const paths = ["/q/health/started", "/q/health/live", "/q/health/ready"];
  const management = container.ports.find((p) => p.name === "management");
  for (const kind of ["startupProbe", "livenessProbe", "readinessProbe"]) {
    assert.ok(paths.includes(container[kind].httpGet.path), `${kind} path ${container[kind].httpGet.path}`);
    assert.ok([management?.containerPort, "management"].includes(container[kind].httpGet.port), `${kind} on the management port`);
  }
  const deadline = Date.now() + 120_000;
  const status = {};
  while (Date.now() < deadline && !paths.every((p) => status[p] === 200)) {
    if (service.exitCode !== null) assert.fail(`service exited (${service.exitCode}):\n${log.join("")}`);
    for (const p of paths) {
      try {
        status[p] = (await fetch(`http://127.0.0.1:${managementPort}${p}`)).status;
      } catch {
        status[p] = "no answer";
      }
    }
    if (!paths.every((p) => status[p] === 200)) await new Promise((r) => setTimeout(r, 500));
  }
  assert.deepEqual(status, Object.fromEntries(paths.map((p) => [p, 200])), `probes:\n${log.join("")}`);

  const exited = new Promise((r) => service.once("exit", (code, signal) => r({ code, signal })));
  service.kill("SIGTERM");
  const { code, signal } = await exited;
  assert.ok(code === 0 || code === 143 || signal === "SIGTERM", `service ended with ${code ?? signal}`);
});

/** Does a .dockerignore-style path pattern (with * inside a segment) cover this path or a parent of it? */
function covers(pattern, path) {
  const re = new RegExp(`^${pattern.replace(/\/$/, "").replace(/\./g, "\\.").replace(/\*/g, "[^/]*")}(/.*)?$`);
  return re.test(path.replace(/\/$/, ""));
}

test("every COPY source is in the build context: .dockerignore and the README's staging command", () => {
  const allowed = readFileSync(join(repo, ".dockerignore"), "utf8").split("\n")
    .filter((l) => l.startsWith("!")).map((l) => l.slice(1).trim());
  const readme = readFileSync(join(repo, "kubernetes", "README.md"), "utf8");
  const cp = /cp -r --parents ([^"]+?) "\$ctx"\//s.exec(readme);
  assert.ok(cp, "README.md has no `cp -r --parents ... \"$ctx\"/` staging command");
  const staged = cp[1].replace(/\\\n/g, " ").split(/\s+/).filter(Boolean);
  const dockerfiles = {
    "service/src/main/docker/Dockerfile.jvm": true, // staged for the in-cluster build
    "kubernetes/spark-image/Dockerfile": true,
    "service/src/main/docker/Dockerfile.native": false, // built with podman only
  };
  for (const [file, inCluster] of Object.entries(dockerfiles)) {
    for (const { sources } of copies(join(repo, file))) {
      for (const s of sources) {
        assert.ok(allowed.some((p) => covers(p, s)), `${file}: COPY ${s} is excluded by .dockerignore`);
        if (inCluster) assert.ok(staged.some((p) => covers(p, s)), `${file}: COPY ${s} is not staged by the README's cp`);
      }
    }
  }
  assert.ok(staged.includes("kubernetes/spark-image"), "the spark image's Dockerfile (dockerfilePath) is not staged");
});
