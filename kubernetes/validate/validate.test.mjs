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
import { parseAllDocuments } from "yaml";
import { validateDir } from "./validate.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, "..");
const temps = [];
after(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));

/**
 * A copy of kubernetes/ (without the validator) as <temp>/kubernetes, plus the service's Dockerfiles, so
 * repository paths still resolve.
 */
function copy() {
  const temp = mkdtempSync(join(tmpdir(), "sparkvar-manifests-"));
  temps.push(temp);
  const dir = join(temp, "kubernetes");
  cpSync(source, dir, { recursive: true, filter: (p) => !p.startsWith(here) });
  const docker = join("service", "src", "main", "docker");
  cpSync(join(source, "..", docker), join(temp, docker), { recursive: true });
  cpSync(join(source, "..", "kubernetes-native"), join(temp, "kubernetes-native"), { recursive: true });
  return dir;
}

/** The native overlay's folder beside a copy made by copy(). */
const nativeOf = (dir) => join(dir, "..", "kubernetes-native");

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
  edit(dir, "oshinko-rbac.yaml", "  kind: Role\n  name: oshinko", "  kind: ClusterRole\n  name: edit");
  const r = validateCli(dir);
  assert.equal(r.status, 1, r.output);
  assert.match(r.output, /RoleBinding\/oshinko: roleRef must be a namespaced Role \(rbac.authorization.k8s.io\), not ClusterRole\/edit/);
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

test("OIDC settings that are required or written as literals are rejected", async () => {
  const required = copy();
  edit(required, "kustomization.yaml", `key: auth-server-url
                        optional: true`, `key: auth-server-url
                        optional: false`);
  await assertRejected(required, "openshift.yml (rendered): Deployment/sparkvar",
    "env QUARKUS_OIDC_AUTH_SERVER_URL must come from the ConfigMap sparkvar-oidc, key auth-server-url, optional: true");
  const literal = copy();
  edit(literal, "kubernetes.yml", `- name: SPARKVAR_ACCESS_OIDC_USER_ROLES
              valueFrom:
                configMapKeyRef:
                  key: user-roles
                  name: sparkvar-oidc
                  optional: true`, `- name: SPARKVAR_ACCESS_OIDC_USER_ROLES
              value: backend`);
  await assertRejected(literal, "env SPARKVAR_ACCESS_OIDC_USER_ROLES must come from the ConfigMap sparkvar-oidc");
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

test("the renderer agrees with kustomize itself, object for object (when kubectl is installed)", async (t) => {
  const real = spawnSync("kubectl", ["kustomize", source], { encoding: "utf8", timeout: 60_000 });
  if (real.error?.code === "ENOENT") {
    t.skip("kubectl is not on the PATH");
    return;
  }
  assert.equal(real.status, 0, real.stderr);
  const { objects } = await validateDir(copy());
  const key = (o) => `${o.kind}/${o.metadata.name}`;
  const mine = new Map(objects.map((o) => [key(o), JSON.parse(JSON.stringify(o))]));
  const theirs = parseAllDocuments(real.stdout).map((d) => d.toJS()).filter(Boolean);
  assert.deepEqual(theirs.map(key).sort(), [...mine.keys()].sort());
  for (const o of theirs) assert.deepEqual(mine.get(key(o)), o, `${key(o)} renders differently`);
});

// ---------------------------------------------------------------- least privilege (issue 18)

test("oshinko bound to the edit ClusterRole again is rejected", async () => {
  const dir = copy();
  edit(dir, "oshinko-rbac.yaml", "  kind: Role\n  name: oshinko", "  kind: ClusterRole\n  name: edit");
  await assertRejected(dir, "RoleBinding/oshinko: roleRef must be a namespaced Role",
    "oshinko needs get on configmaps and its Role does not grant it");
});

test("a ClusterRoleBinding for oshinko is rejected", async () => {
  const dir = copy();
  edit(dir, "oshinko-rbac.yaml", "kind: RoleBinding", "kind: ClusterRoleBinding");
  edit(dir, "oshinko-rbac.yaml", "  - kind: ServiceAccount\n    name: oshinko", "  - kind: ServiceAccount\n    name: oshinko\n    namespace: sparkvar");
  await assertRejected(dir, "ClusterRoleBinding/oshinko: roleRef must be a namespaced Role",
    "a ClusterRoleBinding reaches beyond the namespace");
});

test("a wildcard in oshinko's Role is rejected", async () => {
  const dir = copy();
  edit(dir, "oshinko-rbac.yaml", "resources: [pods]\n    verbs: [list]", "resources: [pods]\n    verbs: ['*']");
  await assertRejected(dir, "Role/oshinko: wildcard in rule", "oshinko needs list on pods");
});

test("a verb oshinko does not use (read Secrets) is rejected", async () => {
  const dir = copy();
  edit(dir, "oshinko-rbac.yaml", "resources: [pods]\n    verbs: [list]",
    "resources: [pods]\n    verbs: [list]\n  - apiGroups: [\"\"]\n    resources: [secrets]\n    verbs: [get]");
  await assertRejected(dir, "Role/oshinko: grants get on secrets, which oshinko does not use");
});

test("pods watch (unused) and delete (the RC controller deletes pods) are rejected", async () => {
  const dir = copy();
  edit(dir, "oshinko-rbac.yaml", "resources: [pods]\n    verbs: [list]", "resources: [pods]\n    verbs: [list, watch, delete]");
  await assertRejected(dir, "grants watch on pods, which oshinko does not use", "grants delete on pods");
});

test("a Role missing a verb oshinko calls is rejected", async () => {
  const dir = copy();
  edit(dir, "oshinko-rbac.yaml", "verbs: [get, list, update, delete]", "verbs: [get, list, delete]");
  await assertRejected(dir, "oshinko needs update on replicationcontrollers and its Role does not grant it");
});

test("DeploymentConfigs granted in one API group only are rejected", async () => {
  const dir = copy();
  edit(dir, "oshinko-rbac.yaml", '["", apps.openshift.io]', "[apps.openshift.io]");
  await assertRejected(dir, "oshinko needs create on deploymentconfigs and its Role does not grant it");
});

test("configmaps readable by any name, or without \"default\", are rejected", async () => {
  const dir = copy();
  edit(dir, "oshinko-rbac.yaml", "    resourceNames: [default, clusterconfig, masterconfig, workerconfig]\n", "");
  await assertRejected(dir, "configmaps get must be limited by resourceNames");
  const dir2 = copy();
  edit(dir2, "oshinko-rbac.yaml", "resourceNames: [default, clusterconfig,", "resourceNames: [clusterconfig, sparkvar-secrets,");
  await assertRejected(dir2, "configmaps resourceNames misses default", "grants sparkvar-secrets, which oshinko does not read");
});

test("without the default deny, other pods of the namespace are open", async () => {
  const dir = copy();
  edit(dir, "network-policies.yaml", "  podSelector: {}\n  policyTypes: [Ingress]\n", "  podSelector:\n    matchLabels:\n      none: none\n  policyTypes: [Ingress]\n");
  await assertRejected(dir, "another pod of the namespace reaches another pod of the namespace:8080 (nothing comes in unless");
});

test("oshinko open to every pod of the namespace is rejected", async () => {
  const dir = copy();
  edit(dir, "network-policies.yaml", `        - podSelector:
            matchLabels:
              app.kubernetes.io/name: sparkvar
        - podSelector:
            matchLabels:
              oshinko-type: master`, `        - podSelector: {}
        - podSelector:
            matchLabels:
              oshinko-type: master`);
  await assertRejected(dir, "another pod of the namespace reaches oshinko-rest:8081 (oshinko has no authentication)",
    "a Spark worker pod reaches oshinko-rest:8081");
});

test("oshinko open to every namespace is rejected", async () => {
  const dir = copy();
  edit(dir, "network-policies.yaml", `        - podSelector:
            matchLabels:
              oshinko-type: master`, `        - namespaceSelector: {}
        - podSelector:
            matchLabels:
              oshinko-type: master`);
  await assertRejected(dir, "a pod of another namespace reaches oshinko-rest:8081",
    "the OpenShift router reaches oshinko-rest:8081");
});

test("Spark cluster pods without their policy are open to other namespaces", async () => {
  const dir = copy();
  const text = readFileSync(join(dir, "network-policies.yaml"), "utf8");
  writeFileSync(join(dir, "network-policies.yaml"), text.slice(0, text.lastIndexOf("---\n# 4.")));
  // Only the default deny is left for them: now they cannot talk to each other either.
  await assertRejected(dir, "a Spark worker pod cannot reach a Spark master pod:7077",
    "sparkvar cannot reach a Spark master pod:7077");
});

test("a cluster policy letting any namespace in is rejected", async () => {
  const dir = copy();
  edit(dir, "network-policies.yaml", `  podSelector:
    matchExpressions:
      - key: oshinko-cluster
        operator: Exists
  policyTypes: [Ingress]
  ingress:
    - from:`, `  podSelector:
    matchExpressions:
      - key: oshinko-cluster
        operator: Exists
  policyTypes: [Ingress]
  ingress:
    - from:
        - ipBlock:
            cidr: 0.0.0.0/0`);
  await assertRejected(dir, "a pod of another namespace reaches a Spark master pod:7077");
});

test("the management port open to the router is rejected", async () => {
  const dir = copy();
  edit(dir, "network-policies.yaml", `        - port: 8080
          protocol: TCP`, `        - port: 8080
          protocol: TCP
        - port: 9000
          protocol: TCP`);
  await assertRejected(dir, "the OpenShift router reaches sparkvar:9000 (health and metrics are never published)");
});

test("a missing alert is rejected", async () => {
  const dir = copy();
  edit(dir, "monitoring.yaml", "- alert: SparkvarQueueFull", "- alert: SparkvarQueueIsFull");
  await assertRejected(dir, "alert SparkvarQueueFull is missing");
});

test("executors shut out of the driver's pod are rejected", async () => {
  const dir = copy();
  edit(dir, "network-policies.yaml", `      ports:
        - port: 9000
          protocol: TCP
    - from:
        - podSelector:
            matchExpressions:
              - key: oshinko-cluster
                operator: Exists
`, `      ports:
        - port: 9000
          protocol: TCP
`);
  await assertRejected(dir, "a Spark worker pod cannot reach sparkvar:40000 (executors connect back to the driver)");
});

test("the router shut out of the service is rejected", async () => {
  const dir = copy();
  edit(dir, "network-policies.yaml", "              policy-group.network.openshift.io/ingress: \"\"", "              x: y");
  edit(dir, "network-policies.yaml", "              network.openshift.io/policy-group: ingress", "              x: z");
  await assertRejected(dir, "the OpenShift router cannot reach sparkvar:8080");
});

test("oshinko's container allowing privilege escalation is rejected", async () => {
  const dir = copy();
  edit(dir, "oshinko-rest.yaml", "allowPrivilegeEscalation: false", "allowPrivilegeEscalation: true");
  await assertRejected(dir, "Deployment/oshinko-rest: container oshinko-rest: allowPrivilegeEscalation must be false");
});

test("oshinko's pod without runAsNonRoot or seccomp is rejected", async () => {
  const dir = copy();
  edit(dir, "oshinko-rest.yaml", `      securityContext:
        runAsNonRoot: true
        seccompProfile:
          type: RuntimeDefault
`, "");
  await assertRejected(dir, "Deployment/oshinko-rest: pod has no securityContext",
    "container oshinko-rest: runAsNonRoot must be true", "container oshinko-rest: seccompProfile must be RuntimeDefault");
});

test("the OpenShift Deployment without the capabilities patch is rejected", async () => {
  const dir = copy();
  edit(dir, "kustomization.yaml", `                  capabilities:
                    drop:
                      - ALL`, `                  capabilities:
                    drop:
                      - NET_RAW`);
  await assertRejected(dir, "openshift.yml (rendered): Deployment/sparkvar: container sparkvar: capabilities must drop ALL");
});

test("the OpenShift Deployment without seccomp is rejected", async () => {
  const dir = copy();
  edit(dir, "kustomization.yaml", `            securityContext:
              seccompProfile:
                type: RuntimeDefault
`, "");
  await assertRejected(dir, "openshift.yml (rendered): Deployment/sparkvar: container sparkvar: seccompProfile must be RuntimeDefault");
});

test("the plain Kubernetes Deployment running as root is rejected", async () => {
  const dir = copy();
  edit(dir, "kubernetes.yml", "      securityContext:\n        runAsNonRoot: true\n", "      securityContext:\n        runAsUser: 0\n");
  await assertRejected(dir, "kubernetes.yml: Deployment/sparkvar: container sparkvar: runAsNonRoot must be true",
    "container sparkvar: runAsUser 0 is root");
});

test("a container adding a capability is rejected", async () => {
  const dir = copy();
  edit(dir, "kubernetes.yml", "              drop:\n                - ALL\n", "              drop:\n                - ALL\n              add:\n                - NET_ADMIN\n");
  await assertRejected(dir, "kubernetes.yml: Deployment/sparkvar: container sparkvar: adds capabilities NET_ADMIN");
});

test("a Spark image running as root is rejected", async () => {
  const dir = copy();
  edit(dir, "spark-image/Dockerfile", "\nUSER 185\n", "\nUSER root\n");
  await assertRejected(dir, "kubernetes/spark-image/Dockerfile: USER root: the image must run as a numeric non-root UID");
});

test("a grant of another SCC to the cluster pods' service account is rejected", async () => {
  const dir = copy();
  edit(dir, "oshinko-rbac.yaml", "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding", `---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: default-anyuid
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: system:openshift:scc:anyuid
subjects:
  - kind: ServiceAccount
    name: default
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding`);
  await assertRejected(dir, "RoleBinding/default-anyuid: binds system:openshift:scc:anyuid");
});

test("without the closing Routes, /internal and /q are published", async () => {
  const dir = copy();
  edit(dir, "kustomization.yaml", "  - routes-closed.yaml\n", "");
  await assertRejected(dir, "Route/sparkvar: publishes /internal/*", "Route/sparkvar: publishes /q/*");
});

test("Routes without the shared host are rejected (each would get its own)", async () => {
  const dir = copy();
  edit(dir, "kustomization.yaml", `  - target:
      kind: Route
    patch: |-
      - op: add
        path: /spec/host
        value: sparkvar.apps.example.com
`, "");
  await assertRejected(dir, "Route/sparkvar-internal: has no spec.host", "Route/sparkvar: has no spec.host");
});

test("a closing Route on another host is rejected", async () => {
  const dir = copy();
  edit(dir, "routes-closed.yaml", "spec:\n  path: /q\n", "spec:\n  host: other.apps.example.com\n  path: /q\n");
  edit(dir, "kustomization.yaml", "      - op: add\n", "      - op: replace\n");
  await assertRejected(dir, "patches[0]: JSON patch replace /spec/host: nothing there");
  const dir2 = copy();
  edit(dir2, "kustomization.yaml", `    patch: |-
      - op: add
        path: /spec/host
        value: sparkvar.apps.example.com
`, `    patch: |-
      - op: add
        path: /spec/host
        value: sparkvar.apps.example.com
  - target:
      kind: Route
      name: sparkvar-q
    patch: |-
      - op: replace
        path: /spec/host
        value: other.apps.example.com
`);
  await assertRejected(dir2, "Route/sparkvar-q: host other.apps.example.com differs", "Route/sparkvar: publishes /q/*");
});

test("a closing Route that leads to the service is rejected", async () => {
  const dir = copy();
  edit(dir, "routes-closed.yaml", "  path: /internal\n  to:\n    kind: Service\n    name: sparkvar-closed",
    "  path: /internal\n  to:\n    kind: Service\n    name: sparkvar");
  await assertRejected(dir, "Route/sparkvar-internal: /internal goes to Service/sparkvar, which has endpoints");
});

test("a longer Route under a closed prefix that leads to the service is rejected", async () => {
  const dir = copy();
  const text = readFileSync(join(dir, "routes-closed.yaml"), "utf8");
  writeFileSync(join(dir, "routes-closed.yaml"), `${text}---
apiVersion: route.openshift.io/v1
kind: Route
metadata:
  name: sparkvar-callbacks
spec:
  path: /internal/runs
  to:
    kind: Service
    name: sparkvar
  tls:
    termination: edge
`);
  await assertRejected(dir, "Route/sparkvar-callbacks: /internal/runs goes to Service/sparkvar, which has endpoints");
});

test("the closed Service given the service's pods is rejected", async () => {
  const dir = copy();
  edit(dir, "routes-closed.yaml", "  # No selector: Kubernetes never fills its Endpoints.\n",
    "  selector:\n    app.kubernetes.io/name: sparkvar\n");
  await assertRejected(dir, "/internal goes to Service/sparkvar-closed, which has endpoints",
    "/q goes to Service/sparkvar-closed, which has endpoints");
});

test("a closing Route without the main Route's TLS is rejected (another router map)", async () => {
  const dir = copy();
  edit(dir, "routes-closed.yaml", "  path: /q\n  to:\n    kind: Service\n    name: sparkvar-closed\n  port:\n    targetPort: http\n  tls:\n    termination: edge\n    insecureEdgeTerminationPolicy: Redirect\n",
    "  path: /q\n  to:\n    kind: Service\n    name: sparkvar-closed\n  port:\n    targetPort: http\n");
  await assertRejected(dir, "Route/sparkvar-q: tls termination undefined differs from Route/sparkvar's edge");
});

test("a patch list the renderer cannot merge is rejected, not guessed", async () => {
  const dir = copy();
  edit(dir, "kustomization.yaml", "                  allowPrivilegeEscalation: false\n",
    "                  allowPrivilegeEscalation: false\n                ports:\n                  - containerPort: 9000\n");
  await assertRejected(dir, "list at spec.template.spec.containers[sparkvar].ports: this renderer merges only");
});

test("an admission policy letting oshinko start another image is rejected", async () => {
  const dir = copy();
  edit(dir, "cluster-admin/oshinko-images-policy.yaml", '"docker.io/tmckay/scorpionstare"]', '"docker.io/tmckay/scorpionstare", "quay.io/someone/miner"]');
  await assertRejected(dir, "ValidatingAdmissionPolicy/sparkvar-oshinko-images: allows quay.io/someone/miner, which clusterconfig does not name");
});

test("a clusterconfig image the admission policy does not allow is rejected", async () => {
  const dir = copy();
  edit(dir, "spark-cluster-config.yaml", "metrics.graphite: docker.io/tmckay/graphite", "metrics.graphite: quay.io/me/graphite");
  await assertRejected(dir, "does not allow quay.io/me/graphite, which clusterconfig names",
    "allows docker.io/tmckay/graphite, which clusterconfig does not name");
});

test("an admission policy without its binding, or failing open, is rejected", async () => {
  const dir = copy();
  const path = join(dir, "cluster-admin", "oshinko-images-policy.yaml");
  const text = readFileSync(path, "utf8");
  writeFileSync(path, text.slice(0, text.indexOf("---\napiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicyBinding"))
    .replace("failurePolicy: Fail", "failurePolicy: Ignore"));
  await assertRejected(dir, "no ValidatingAdmissionPolicyBinding uses it", "failurePolicy must be Fail");
});

test("an admission policy that does not look at the images is rejected", async () => {
  const dir = copy();
  edit(dir, "cluster-admin/oshinko-images-policy.yaml", "- expression: variables.containers.all(c, c.image in variables.allowed", "- expression: true || variables.containers.all(c, c.image in variables.allowed");
  edit(dir, "cluster-admin/oshinko-images-policy.yaml", "operations: [CREATE, UPDATE]", "operations: [CREATE]");
  edit(dir, "cluster-admin/oshinko-images-policy.yaml", '"/sparkvar-spark@sha256:"', '"/"');
  await assertRejected(dir, "no validation checks every container's image", "must match UPDATE of deploymentconfigs",
    "variable resolved must be");
});

test("a pod admission policy that misses the cluster pods or their updates is rejected", async () => {
  const dir = copy();
  edit(dir, "cluster-admin/oshinko-images-policy.yaml", '"oshinko-cluster" in object.metadata.labels', '"spark" in object.metadata.labels');
  edit(dir, "cluster-admin/oshinko-images-policy.yaml", "apiVersions: [v1]\n        operations: [CREATE, UPDATE]", "apiVersions: [v1]\n        operations: [CREATE]");
  await assertRejected(dir, "ValidatingAdmissionPolicy/sparkvar-cluster-pod-images: matchConditions must select on \"oshinko-cluster\"",
    "sparkvar-cluster-pod-images: must match UPDATE of pods (core)");
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

// ---------------------------------------------------------------- the native backend (issue 22)

test("the native overlay renders as kustomize renders it (when kubectl is installed)", async (t) => {
  const real = spawnSync("kubectl", ["kustomize", join(source, "..", "kubernetes-native")], { encoding: "utf8", timeout: 60_000 });
  if (real.error?.code === "ENOENT") {
    t.skip("kubectl is not on the PATH");
    return;
  }
  assert.equal(real.status, 0, real.stderr);
  const { native, problems } = await validateDir(copy());
  assert.deepEqual(problems, []);
  const key = (o) => `${o.kind}/${o.metadata.name}`;
  const mine = new Map(native.map((o) => [key(o), JSON.parse(JSON.stringify(o))]));
  const theirs = parseAllDocuments(real.stdout).map((d) => d.toJS()).filter(Boolean);
  assert.deepEqual(theirs.map(key).sort(), [...mine.keys()].sort());
  for (const o of theirs) assert.deepEqual(mine.get(key(o)), o, `${key(o)} renders differently`);
  assert.ok(!theirs.some((o) => /oshinko/.test(o.metadata.name)), "no oshinko object is applied");
});

test("native: a verb the adapter does not use (read Secrets) is rejected", async () => {
  const dir = copy();
  edit(nativeOf(dir), "clusters-rbac.yaml", "resources: [secrets, services]\n    verbs: [create]",
    "resources: [secrets, services]\n    verbs: [create, get]");
  await assertRejected(dir, "Role/sparkvar-clusters: grants get on secrets, which the Kubernetes adapter does not use");
});

test("native: a verb the adapter needs and its Role lacks (scaling) is rejected", async () => {
  const dir = copy();
  edit(nativeOf(dir), "clusters-rbac.yaml", "verbs: [create, get, patch]", "verbs: [create, get]");
  await assertRejected(dir, "the Kubernetes adapter needs patch on deployments (apps) and no Role grants it");
});

test("native: the edit ClusterRole instead of the Role is rejected", async () => {
  const dir = copy();
  edit(nativeOf(dir), "clusters-rbac.yaml", "  kind: Role\n  name: sparkvar-clusters", "  kind: ClusterRole\n  name: edit");
  await assertRejected(dir, "RoleBinding/sparkvar-clusters: roleRef must be a namespaced Role");
});

test("native: the oshinko server left in the overlay is rejected", async () => {
  const dir = copy();
  edit(nativeOf(dir), "kustomization.yaml", "      kind: Deployment\n      name: oshinko-rest\n", "      kind: Deployment\n      name: nothing\n");
  await assertRejected(dir, "Deployment/oshinko-rest: the native backend needs no oshinko object");
});

test("native: the oshinko address left in the service's env is rejected", async () => {
  const dir = copy();
  edit(nativeOf(dir), "kustomization.yaml", "- name: OSHINKO_REST_SERVICE_HOST\n                    value: \"\"",
    "- name: OSHINKO_REST_SERVICE_HOST\n                    value: oshinko-rest");
  await assertRejected(dir, "env OSHINKO_REST_SERVICE_HOST must be unset or empty");
});

test("native: clusters without an owner (no downward API) are rejected", async () => {
  const dir = copy();
  edit(nativeOf(dir), "kustomization.yaml", "fieldPath: metadata.uid", "fieldPath: metadata.namespace");
  await assertRejected(dir, "env SPARKVAR_KUBE_OWNER_UID must come from metadata.uid");
});

test("native: cluster pods open to the whole namespace are rejected", async () => {
  const dir = copy();
  // the last rule of spark-cluster-ingress: from any pod of a cluster → from any pod of the namespace
  edit(dir, "network-policies.yaml", `              app.kubernetes.io/name: sparkvar
        - podSelector:
            matchExpressions:
              - key: oshinko-cluster
                operator: Exists
`, "              app.kubernetes.io/name: sparkvar\n        - podSelector: {}\n");
  await assertRejected(dir, "kubernetes-native: network-policies: another pod of the namespace reaches a Spark master pod:7077");
});
