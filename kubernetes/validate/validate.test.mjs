// The validator must reject what would break the deployment: each case copies kubernetes/ to a temp folder,
// breaks one thing and expects validate.mjs to fail naming it. The unbroken copy must pass.
//   node --test validate.test.mjs
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { validateDir } from "./validate.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, "..");
const temps = [];
after(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));

/** A copy of kubernetes/ (without the validator) as <temp>/kubernetes, so repository paths still resolve. */
function copy() {
  const temp = mkdtempSync(join(tmpdir(), "sparkvar-manifests-"));
  temps.push(temp);
  const dir = join(temp, "kubernetes");
  cpSync(source, dir, { recursive: true, filter: (p) => !p.startsWith(here) });
  return dir;
}

/** Replaces `from` (which must occur) by `to` in one file of the copy. */
function edit(dir, file, from, to) {
  const path = join(dir, file);
  const text = readFileSync(path, "utf8");
  assert.ok(text.includes(from), `${file} does not contain ${JSON.stringify(from)}: update this test`);
  writeFileSync(path, text.replace(from, to));
}

/** The command line, as Maven runs it: exit status and output. */
function validateCli(dir) {
  const r = spawnSync(process.execPath, [join(here, "validate.mjs"), dir], { encoding: "utf8", timeout: 60_000 });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** The same checks in this process (fast): every expected message must be among the problems. */
async function assertRejected(dir, ...messages) {
  const { problems } = await validateDir(dir);
  const output = problems.join("\n");
  assert.ok(problems.length > 0, "expected problems, found none");
  for (const m of messages) assert.ok(output.includes(m), `expected ${JSON.stringify(m)} in:\n${output}`);
}

test("the committed manifests are valid (command line exits 0)", () => {
  const r = validateCli(copy());
  assert.equal(r.status, 0, r.output);
  assert.match(r.output, /oc apply -k renders \d+ objects/);
});

test("a problem makes the command line exit 1 and name it", async () => {
  const dir = copy();
  edit(dir, "oshinko-rbac.yaml", "  name: edit", "  name: view");
  const r = validateCli(dir);
  assert.equal(r.status, 1, r.output);
  assert.match(r.output, /RoleBinding\/oshinko-edit: roleRef must be ClusterRole edit/);
});

test("a route without the SSE timeout is rejected", async () => {
  const dir = copy();
  edit(dir, "openshift.yml", "    haproxy.router.openshift.io/timeout: 1h\n", "");
  await assertRejected(dir, "openshift.yml (rendered): Route/sparkvar", "haproxy.router.openshift.io/timeout");
});

test("a route timeout too short for SSE is rejected", async () => {
  const dir = copy();
  edit(dir, "openshift.yml", "haproxy.router.openshift.io/timeout: 1h", "haproxy.router.openshift.io/timeout: 30s");
  await assertRejected(dir, "route timeout 30s is too short");
});

test("a route to a missing service is rejected", async () => {
  const dir = copy();
  edit(dir, "openshift.yml", "  to:\n    kind: Service\n    name: sparkvar", "  to:\n    kind: Service\n    name: nowhere");
  await assertRejected(dir, "spec.to names Service/nowhere");
});

test("a route without spec.to is rejected by the OpenShift field check", async () => {
  const dir = copy();
  edit(dir, "openshift.yml", "  to:\n    kind: Service\n    name: sparkvar", "");
  await assertRejected(dir, "openshift.yml: Route/sparkvar: spec.to must name a Service");
});

test("a readiness probe on the wrong path is rejected", async () => {
  const dir = copy();
  edit(dir, "openshift.yml", "path: /q/health/ready", "path: /q/health");
  await assertRejected(dir, "readinessProbe must GET /q/health/ready");
});

test("a liveness probe on the wrong path is rejected in kubernetes.yml too", async () => {
  const dir = copy();
  edit(dir, "kubernetes.yml", "path: /q/health/live", "path: /health");
  await assertRejected(dir, "kubernetes.yml: Deployment/sparkvar: livenessProbe must GET /q/health/live");
});

test("a schema violation is reported with its path", async () => {
  const dir = copy();
  edit(dir, "oshinko-rest.yaml", "containerPort: 8081", "containerPort: eighty");
  await assertRejected(dir, "oshinko-rest.yaml: Deployment/oshinko-rest: schema:", "containerPort");
});

test("the oshinko binding to a role other than edit is rejected", async () => {
  const dir = copy();
  edit(dir, "oshinko-rbac.yaml", "  name: edit", "  name: view");
  await assertRejected(dir, "RoleBinding/oshinko-edit: roleRef must be ClusterRole edit");
});

test("a cluster config without metrics is rejected", async () => {
  const dir = copy();
  edit(dir, "spark-cluster-config.yaml", '  metrics.enable: "true"\n', "");
  await assertRejected(dir, "ConfigMap/clusterconfig: metrics.enable must be \"true\"");
});

test("a master config without the GraphiteSink is rejected", async () => {
  const dir = copy();
  edit(dir, "spark-cluster-config.yaml", "master.source.jvm.class", "x");
  edit(dir, "spark-cluster-config.yaml", "*.sink.graphite.class=org.apache.spark.metrics.sink.GraphiteSink",
    "*.sink.console.class=org.apache.spark.metrics.sink.ConsoleSink");
  await assertRejected(dir, "ConfigMap/masterconfig: metrics.properties must set *.sink.graphite.class");
});

test("a wrong oshinko port in the service's env is rejected", async () => {
  const dir = copy();
  edit(dir, "openshift.yml", 'value: "8081"', 'value: "8080"');
  await assertRejected(dir, "env OSHINKO_REST_SERVICE_PORT is \"8080\", expected \"8081\"");
});

test("an access token written into the manifest instead of a Secret is rejected", async () => {
  const dir = copy();
  edit(dir, "openshift.yml", `- name: SPARKVAR_ACCESS_TOKENS
              valueFrom:
                secretKeyRef:
                  key: tokens
                  name: sparkvar-access`, `- name: SPARKVAR_ACCESS_TOKENS
              value: not-a-secret`);
  await assertRejected(dir, "env SPARKVAR_ACCESS_TOKENS must come from a Secret");
});

test("a host list other than * behind the Route is rejected", async () => {
  const dir = copy();
  edit(dir, "kubernetes.yml", `- name: SPARKVAR_ACCESS_HOSTS
              value: '*'`, `- name: SPARKVAR_ACCESS_HOSTS
              value: localhost`);
  await assertRejected(dir, "env SPARKVAR_ACCESS_HOSTS is \"localhost\", expected \"*\"");
});

test("the runs folder off the persistent volume is rejected", async () => {
  const dir = copy();
  edit(dir, "openshift.yml", "value: /deployments/data/runs", "value: /tmp/runs");
  await assertRejected(dir, "SPARKVAR_RUNS_DIR /tmp/runs is not on the volume /deployments/data");
});

test("a missing PVC is rejected", async () => {
  const dir = copy();
  edit(dir, "openshift.yml", "    app.kubernetes.io/part-of: sparkvar\n  name: sparkvar-data\n",
    "    app.kubernetes.io/part-of: sparkvar\n  name: other-data\n");
  await assertRejected(dir, "PersistentVolumeClaim/sparkvar-data is missing");
});

test("a manifest file left out of the kustomization is rejected", async () => {
  const dir = copy();
  edit(dir, "kustomization.yaml", "  - spark-image.yaml\n", "");
  await assertRejected(dir, "spark-image.yaml is not listed in resources");
});

test("a duplicated Deployment (quarkusio/quarkus#44025) is rejected", async () => {
  const dir = copy();
  edit(dir, "oshinko-rest.yaml", "name: oshinko-rest\n  labels:\n    app.kubernetes.io/name: oshinko-rest\n    app.kubernetes.io/part-of: sparkvar\n  annotations:",
    "name: sparkvar\n  labels:\n    app.kubernetes.io/name: oshinko-rest\n    app.kubernetes.io/part-of: sparkvar\n  annotations:");
  await assertRejected(dir, "duplicate Deployment/sparkvar");
});

test("a build timestamp (non-idempotent output) is rejected", async () => {
  const dir = copy();
  edit(dir, "kubernetes.yml", "    app.quarkus.io/quarkus-version: 3.34.1\n",
    "    app.quarkus.io/quarkus-version: 3.34.1\n    app.quarkus.io/build-timestamp: 2026-11-24 - 14:46:27 +0000\n");
  await assertRejected(dir, "contains app.quarkus.io/build-timestamp");
});

test("an image stream nobody builds is rejected", async () => {
  const dir = copy();
  edit(dir, "spark-cluster-config.yaml", "sparkimage: sparkvar-spark:3.5.9", "sparkimage: sparkvar-spark:9.9");
  await assertRejected(dir, "sparkimage sparkvar-spark:9.9: 0 BuildConfigs produce it");
});

test("an image trigger for another tag is rejected", async () => {
  const dir = copy();
  edit(dir, "kustomization.yaml", '"name":"sparkvar:1.0.0-SNAPSHOT"', '"name":"sparkvar:0.9"');
  await assertRejected(dir, "image trigger sparkvar:0.9 differs from container sparkvar's image");
});

test("an unknown kind is rejected", async () => {
  const dir = copy();
  writeFileSync(join(dir, "extra.yaml"), "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n");
  edit(dir, "kustomization.yaml", "  - openshift.yml\n", "  - openshift.yml\n  - extra.yaml\n");
  await assertRejected(dir, "extra.yaml: Widget/w: no Kubernetes schema for example.com/v1 Widget");
});

// ---------------------------------------------------------------- sync.mjs (generated vs committed)

function sync(generatedDir, committedDir, ...args) {
  const r = spawnSync(process.execPath, [join(here, "sync.mjs"), generatedDir, committedDir, ...args],
    { encoding: "utf8", timeout: 60_000 });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** A fake build output: the committed files with the given edit applied to openshift.yml. */
function generated(from, to) {
  const temp = mkdtempSync(join(tmpdir(), "sparkvar-generated-"));
  temps.push(temp);
  for (const f of ["openshift.yml", "kubernetes.yml"]) cpSync(join(source, f), join(temp, f));
  if (from !== undefined) edit(temp, "openshift.yml", from, to);
  return temp;
}

test("sync: the same objects with labels in another order match (Quarkus' output order varies)", () => {
  const gen = generated("    app.kubernetes.io/name: sparkvar\n    app.kubernetes.io/part-of: sparkvar\n",
    "    app.kubernetes.io/part-of: sparkvar\n    app.kubernetes.io/name: sparkvar\n");
  const r = sync(gen, source);
  assert.equal(r.status, 0, r.output);
});

test("sync: a changed value fails and says how to refresh", () => {
  const gen = generated("haproxy.router.openshift.io/timeout: 1h", "haproxy.router.openshift.io/timeout: 2h");
  const r = sync(gen, source);
  assert.equal(r.status, 1, r.output);
  assert.match(r.output, /openshift\.yml differs from the build/);
  assert.match(r.output, /-Dsparkvar\.manifests\.update=true/);
});

test("sync: --update writes the canonical form, which then matches", () => {
  const gen = generated("storage: 5Gi", "storage: 6Gi");
  const committed = copy();
  assert.equal(sync(gen, committed).status, 1);
  assert.equal(sync(gen, committed, "--update").status, 0);
  assert.match(readFileSync(join(committed, "openshift.yml"), "utf8"), /storage: 6Gi/);
  const r = sync(gen, committed);
  assert.equal(r.status, 0, r.output);
});

test("a kustomization field the renderer does not implement is rejected", async () => {
  const dir = copy();
  edit(dir, "kustomization.yaml", "patches:\n", "images:\n  - name: sparkvar\n    newName: quay.io/x/sparkvar\npatches:\n");
  await assertRejected(dir, "field images is not supported by validate.mjs");
});

test("the service build is told to generate stable manifests (idempotent, no timestamp, no VCS)", () => {
  const props = readFileSync(join(source, "..", "service", "src", "main", "resources", "application.properties"), "utf8");
  const set = new Map(props.split("\n").filter((l) => /^[\w.%"-]+=/.test(l))
    .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
  for (const target of ["kubernetes", "openshift"]) {
    assert.equal(set.get(`quarkus.${target}.idempotent`), "true");
    assert.equal(set.get(`quarkus.${target}.add-build-timestamp`), "false");
    assert.equal(set.get(`quarkus.${target}.vcs-uri.enabled`), "false");
  }
  // Nothing reaches a cluster or a container engine during the build.
  assert.equal(set.get("quarkus.kubernetes.deploy"), "false");
  assert.equal(set.get("quarkus.container-image.build"), "false");
  assert.equal(set.get("quarkus.kubernetes-client.devservices.enabled"), "false");
});
