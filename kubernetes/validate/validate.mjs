// Offline validation of every manifest under kubernetes/ (no cluster, no kubectl):
//  1. every YAML document parses and has apiVersion, kind and metadata.name;
//  2. core and RBAC kinds validate against the Kubernetes OpenAPI schemas (npm kubernetes-models);
//     OpenShift kinds (Route, BuildConfig, ImageStream), which have no npm schema, get their required
//     fields checked here; any other kind is an error;
//  3. kustomization.yaml is rendered the way `oc apply -k` does for what it uses (resources, patches) and
//     the result is checked for what the deployment needs: probes, Route and its timeout, env, volume and
//     PVC, ConfigMap keys, the oshinko server and its RoleBinding to "edit", image references.
// Prints every problem as "<file>: <kind>/<name>: <what>" and exits 1 when there is any.
//   node validate.mjs <kubernetes dir>
// Also a module: validateDir(dir) returns the problems instead of exiting (used by validate.test.mjs).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseAllDocuments } from "yaml";

// State of the current validateDir call (calls run one after the other).
let root;
let repoRoot;
let problems;
const fail = (where, what) => problems.push(`${where}: ${what}`);

// ---------------------------------------------------------------- loading

/** Every .yml/.yaml file under the folder, except this validator's own folder. */
function manifestFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      if (entry !== "validate" && entry !== "node_modules") out.push(...manifestFiles(path));
    } else if (/\.ya?ml$/.test(entry)) {
      out.push(path);
    }
  }
  return out;
}

/** The documents of one file as plain objects, each tagged with its file for messages. */
function load(path) {
  const rel = relative(root, path);
  const docs = [];
  for (const doc of parseAllDocuments(readFileSync(path, "utf8"))) {
    if (doc.errors.length > 0) {
      for (const e of doc.errors) fail(rel, `YAML error: ${e.message}`);
      continue;
    }
    const obj = doc.toJS();
    if (obj === null || obj === undefined) continue; // empty document (leading ---)
    Object.defineProperty(obj, "__file", { value: rel, enumerable: false });
    docs.push(obj);
  }
  return docs;
}

const where = (o) => `${o.__file}: ${o.kind ?? "?"}/${o.metadata?.name ?? "?"}`;

// ---------------------------------------------------------------- schemas

const OPENSHIFT_GROUPS = new Set(["route.openshift.io", "build.openshift.io", "image.openshift.io"]);
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The kubernetes-models module path for an apiVersion: "v1" → "v1", "apps/v1" → "apps/v1". */
function modelModule(apiVersion) {
  return `kubernetes-models/${apiVersion}`;
}

async function validateSchema(o) {
  if (typeof o.apiVersion !== "string" || typeof o.kind !== "string") {
    fail(where(o), "apiVersion and kind are required strings");
    return;
  }
  if (o.apiVersion === "kustomize.config.k8s.io/v1beta1" && o.kind === "Kustomization") return;
  const name = o.metadata?.name;
  if (typeof name !== "string" || !DNS_SUBDOMAIN.test(name) || name.length > 253) {
    fail(where(o), `metadata.name ${JSON.stringify(name)} is not a DNS-1123 subdomain`);
  }
  const group = o.apiVersion.includes("/") ? o.apiVersion.split("/")[0] : "";
  if (OPENSHIFT_GROUPS.has(group)) {
    checkOpenShiftKind(o);
    return;
  }
  let model;
  try {
    model = (await import(modelModule(o.apiVersion)))[o.kind];
  } catch {
    model = undefined;
  }
  if (typeof model !== "function") {
    fail(where(o), `no Kubernetes schema for ${o.apiVersion} ${o.kind}`);
    return;
  }
  try {
    new model(o).validate();
  } catch (e) {
    fail(where(o), `schema: ${e.message}`);
  }
}

/** Required fields of the OpenShift kinds we use (from the OpenShift API reference; no npm schema). */
function checkOpenShiftKind(o) {
  const w = where(o);
  const spec = o.spec ?? {};
  switch (`${o.apiVersion} ${o.kind}`) {
    case "route.openshift.io/v1 Route": {
      if (spec.to?.kind !== "Service" || typeof spec.to?.name !== "string") {
        fail(w, "spec.to must name a Service (kind: Service, name)");
      }
      if (spec.port !== undefined && spec.port.targetPort === undefined) fail(w, "spec.port needs targetPort");
      if (spec.tls !== undefined) {
        if (!["edge", "passthrough", "reencrypt"].includes(spec.tls.termination)) {
          fail(w, `spec.tls.termination ${JSON.stringify(spec.tls.termination)} is not edge|passthrough|reencrypt`);
        }
        const policy = spec.tls.insecureEdgeTerminationPolicy;
        if (policy !== undefined && !["Allow", "Redirect", "None", ""].includes(policy)) {
          fail(w, `spec.tls.insecureEdgeTerminationPolicy ${JSON.stringify(policy)} is not Allow|Redirect|None`);
        }
      }
      break;
    }
    case "image.openshift.io/v1 ImageStream":
      if (spec.lookupPolicy !== undefined && typeof spec.lookupPolicy.local !== "boolean") {
        fail(w, "spec.lookupPolicy.local must be a boolean");
      }
      break;
    case "build.openshift.io/v1 BuildConfig": {
      const strategies = ["dockerStrategy", "sourceStrategy", "customStrategy", "jenkinsPipelineStrategy"]
        .filter((s) => spec.strategy?.[s] !== undefined);
      if (strategies.length !== 1) fail(w, `spec.strategy needs exactly one strategy, found ${strategies.length}`);
      const types = { dockerStrategy: "Docker", sourceStrategy: "Source", customStrategy: "Custom" };
      if (spec.strategy?.type !== undefined && types[strategies[0]] !== spec.strategy.type) {
        fail(w, `spec.strategy.type ${spec.strategy.type} does not match ${strategies[0]}`);
      }
      if (spec.strategy?.sourceStrategy && !spec.strategy.sourceStrategy.from?.name) {
        fail(w, "spec.strategy.sourceStrategy.from.name is required");
      }
      const to = spec.output?.to;
      if (!to || !["ImageStreamTag", "DockerImage"].includes(to.kind) || typeof to.name !== "string") {
        fail(w, "spec.output.to needs kind ImageStreamTag|DockerImage and a name");
      }
      const src = spec.source ?? {};
      if (src.type === "Git" && typeof src.git?.uri !== "string") fail(w, "spec.source.git.uri is required");
      if (src.type === "Binary" && src.binary === undefined) fail(w, "spec.source.binary is required");
      if (src.git === undefined && src.binary === undefined && src.dockerfile === undefined) {
        fail(w, "spec.source needs git, binary or dockerfile");
      }
      break;
    }
    default:
      fail(w, `unchecked OpenShift kind ${o.apiVersion} ${o.kind}`);
  }
}

// ---------------------------------------------------------------- kustomize (the parts we use)

const isMap = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

/** Strategic merge of a patch made of maps only (lists would need merge keys: refused). */
function mergeMaps(target, patch, path) {
  for (const [key, value] of Object.entries(patch)) {
    if (Array.isArray(value)) throw new Error(`list at ${path}${key}: this renderer merges maps only`);
    if (isMap(value) && isMap(target[key])) mergeMaps(target[key], value, `${path}${key}.`);
    else target[key] = structuredClone(value);
  }
}

function renderKustomization(kustomization, byFile) {
  // Refuse what this renderer does not implement rather than check something oc would render differently.
  const known = new Set(["apiVersion", "kind", "resources", "patches"]);
  for (const key of Object.keys(kustomization).filter((k) => !known.has(k))) {
    fail("kustomization.yaml", `field ${key} is not supported by validate.mjs: extend renderKustomization`);
  }
  const rendered = [];
  for (const res of kustomization.resources ?? []) {
    const docs = byFile.get(res);
    if (!docs) {
      fail("kustomization.yaml", `resource ${res} is not a manifest file in ${root}`);
      continue;
    }
    rendered.push(...docs.map((d) => Object.defineProperty(structuredClone(d), "__file",
      { value: `${d.__file} (rendered)`, enumerable: false })));
  }
  for (const [i, p] of (kustomization.patches ?? []).entries()) {
    const at = `kustomization.yaml: patches[${i}]`;
    const matches = rendered.filter((o) => o.kind === p.target?.kind && o.metadata?.name === p.target?.name);
    if (matches.length !== 1) {
      fail(at, `target ${p.target?.kind}/${p.target?.name} matches ${matches.length} objects, expected 1`);
      continue;
    }
    const patch = parseAllDocuments(p.patch ?? "")[0]?.toJS();
    if (!isMap(patch)) {
      fail(at, "patch is not a YAML object");
      continue;
    }
    if (patch.$patch === "delete") {
      rendered.splice(rendered.indexOf(matches[0]), 1);
      continue;
    }
    if (patch.kind !== p.target.kind || patch.metadata?.name !== p.target.name) {
      fail(at, "patch kind/name differ from its target");
    }
    try {
      mergeMaps(matches[0], patch, "");
    } catch (e) {
      fail(at, e.message);
    }
  }
  const seen = new Set();
  for (const o of rendered) {
    const key = `${o.kind}/${o.metadata?.name}`;
    if (seen.has(key)) fail(where(o), `duplicate ${key} in the rendered kustomization`);
    seen.add(key);
  }
  return rendered;
}

// ---------------------------------------------------------------- deployment checks

const find = (objs, kind, name) => objs.find((o) => o.kind === kind && o.metadata?.name === name);

function need(objs, kind, name, context) {
  const o = find(objs, kind, name);
  if (!o) fail(context, `${kind}/${name} is missing`);
  return o;
}

const envOf = (c) => new Map((c.env ?? []).map((e) => [e.name, e]));

function expectEnv(w, env, name, value) {
  const e = env.get(name);
  if (!e) fail(w, `env ${name} is missing`);
  else if (value !== undefined && e.value !== value) {
    fail(w, `env ${name} is ${JSON.stringify(e.value)}, expected ${JSON.stringify(value)}`);
  }
  return e?.value;
}

/** Seconds of an HAProxy timeout such as "1h", "90s", "5000" (ms without unit). */
function timeoutSeconds(text) {
  const m = /^(\d+)(us|ms|s|m|h|d)?$/.exec(String(text ?? ""));
  if (!m) return NaN;
  const factor = { us: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600, d: 86400 }[m[2] ?? "ms"];
  return Number(m[1]) * factor;
}

/** Bytes of a memory quantity or millicores of a cpu quantity (the suffixes we use). */
function quantity(text) {
  const m = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi|Ti|k|M|G)?$/.exec(String(text ?? ""));
  if (!m) return NaN;
  const f = { m: 1e-3, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, k: 1e3, M: 1e6, G: 1e9 }[m[2]] ?? 1;
  return Number(m[1]) * f;
}

function checkProbe(w, c, kind, path) {
  const probe = c[kind];
  const port = probe?.httpGet?.port;
  const portOk = (c.ports ?? []).some((p) => p.containerPort === port || p.name === port);
  if (probe?.httpGet?.path !== path) fail(w, `${kind} must GET ${path}, has ${JSON.stringify(probe?.httpGet?.path)}`);
  else if (!portOk) fail(w, `${kind} port ${port} is not a container port`);
}

function checkResources(w, c) {
  const r = c.resources ?? {};
  for (const res of ["cpu", "memory"]) {
    const req = quantity(r.requests?.[res]);
    const lim = quantity(r.limits?.[res]);
    if (Number.isNaN(req) || Number.isNaN(lim)) fail(w, `resources.requests/limits.${res} must both be set`);
    else if (req > lim) fail(w, `resources.requests.${res} exceeds the limit`);
  }
}

/** Selector of `service` matches the pod labels of `deployment`, and targetPort is a container port. */
function checkServiceTargets(objs, service, deployment) {
  const w = where(service);
  const labels = deployment.spec?.template?.metadata?.labels ?? {};
  const selector = service.spec?.selector ?? {};
  if (Object.keys(selector).length === 0
      || !Object.entries(selector).every(([k, v]) => labels[k] === v)) {
    fail(w, `selector ${JSON.stringify(selector)} does not select Deployment/${deployment.metadata.name}'s pods`);
  }
  const ports = deployment.spec.template.spec.containers.flatMap((c) => c.ports ?? []);
  for (const p of service.spec?.ports ?? []) {
    const t = p.targetPort ?? p.port;
    if (!ports.some((cp) => cp.containerPort === t || cp.name === t)) {
      fail(w, `targetPort ${t} is no container port of Deployment/${deployment.metadata.name}`);
    }
  }
}

/** The service's Deployment: probes, env, resources, PVC-backed data folder, strategy. */
function checkServiceDeployment(objs, flavour) {
  const ctx = `${flavour}: sparkvar`;
  const d = need(objs, "Deployment", "sparkvar", ctx);
  if (!d) return;
  const w = where(d);
  const pod = d.spec.template.spec;
  const c = pod.containers.find((x) => x.name === "sparkvar");
  if (!c) {
    fail(w, "no container named sparkvar");
    return;
  }
  checkProbe(w, c, "livenessProbe", "/q/health/live");
  checkProbe(w, c, "readinessProbe", "/q/health/ready");
  checkProbe(w, c, "startupProbe", "/q/health/started");
  checkResources(w, c);
  if (d.spec.replicas !== 1) fail(w, "one replica: runs and their SSE streams live in one process");
  if (d.spec.strategy?.type !== "Recreate") fail(w, "strategy must be Recreate (ReadWriteOnce volume)");

  const env = envOf(c);
  expectEnv(w, env, "QUARKUS_HTTP_HOST", "0.0.0.0");
  expectEnv(w, env, "SPARKVAR_JOB_HOME", "/deployments/spark-job");
  const runsDir = expectEnv(w, env, "SPARKVAR_RUNS_DIR");
  const datasets = (expectEnv(w, env, "SPARKVAR_DATASETS_DIRS") ?? "").split(",");
  // Access (issue 13): the tokens from a Secret, never a literal; any Host (the Route or Service names it).
  const tokens = env.get("SPARKVAR_ACCESS_TOKENS");
  if (tokens?.value !== undefined || !tokens?.valueFrom?.secretKeyRef?.name || !tokens.valueFrom.secretKeyRef.key) {
    fail(w, "env SPARKVAR_ACCESS_TOKENS must come from a Secret (secretKeyRef), never a literal value");
  }
  expectEnv(w, env, "SPARKVAR_ACCESS_HOSTS", "*");
  if (flavour === "openshift") {
    expectEnv(w, env, "OSHINKO_REST_SERVICE_HOST", "oshinko-rest");
    expectEnv(w, env, "OSHINKO_REST_SERVICE_PORT", "8081");
    expectEnv(w, env, "SPARKVAR_ELASTIC_ENABLED", "false"); // scorpion-stare scales the cluster
    const ip = env.get("SPARK_LOCAL_IP");
    if (ip?.valueFrom?.fieldRef?.fieldPath !== "status.podIP") {
      fail(w, "env SPARK_LOCAL_IP must come from status.podIP (executors connect back to the driver)");
    }
  } else {
    expectEnv(w, env, "SPARKVAR_ELASTIC_ENABLED", "true"); // embedded backend: our loop
    if (env.has("OSHINKO_REST_SERVICE_HOST")) fail(w, "plain Kubernetes has no oshinko server");
  }

  // The data folder: a PVC-backed volume mounted where runs and data sets are kept.
  const mount = (c.volumeMounts ?? []).find((m) => m.mountPath === "/deployments/data");
  if (!mount) {
    fail(w, "no volume mounted at /deployments/data");
    return;
  }
  if (mount.readOnly) fail(w, "/deployments/data must be writable");
  const volume = (pod.volumes ?? []).find((v) => v.name === mount.name);
  const claim = volume?.persistentVolumeClaim?.claimName;
  if (!claim) fail(w, `volume ${mount.name} is not a persistentVolumeClaim`);
  else {
    const pvc = need(objs, "PersistentVolumeClaim", claim, w);
    if (pvc && !(pvc.spec?.accessModes ?? []).includes("ReadWriteOnce")) fail(where(pvc), "needs ReadWriteOnce");
    if (pvc && Number.isNaN(quantity(pvc.spec?.resources?.requests?.storage))) {
      fail(where(pvc), "spec.resources.requests.storage is required");
    }
  }
  const under = (p) => typeof p === "string" && p.startsWith(`${mount.mountPath}/`);
  if (!under(runsDir)) fail(w, `SPARKVAR_RUNS_DIR ${runsDir} is not on the volume ${mount.mountPath}`);
  if (!datasets.some(under)) fail(w, `SPARKVAR_DATASETS_DIRS has no folder on the volume ${mount.mountPath}`);
  if (!datasets.includes("/deployments/spark-job/data")) fail(w, "SPARKVAR_DATASETS_DIRS misses the bundled sample");

  const svc = need(objs, "Service", "sparkvar", w);
  if (svc) checkServiceTargets(objs, svc, d);
}

function checkRoute(objs) {
  const r = need(objs, "Route", "sparkvar", "openshift: route");
  if (!r) return;
  const w = where(r);
  const svc = find(objs, "Service", r.spec.to?.name);
  if (!svc) fail(w, `spec.to names Service/${r.spec.to?.name}, which does not exist`);
  else if (r.spec.port && !(svc.spec.ports ?? []).some((p) => p.name === r.spec.port.targetPort
      || p.targetPort === r.spec.port.targetPort)) {
    fail(w, `spec.port.targetPort ${r.spec.port.targetPort} is no port of Service/${svc.metadata.name}`);
  }
  const timeout = r.metadata.annotations?.["haproxy.router.openshift.io/timeout"];
  const seconds = timeoutSeconds(timeout);
  if (Number.isNaN(seconds)) fail(w, `annotation haproxy.router.openshift.io/timeout ${JSON.stringify(timeout)} is missing or invalid`);
  else if (seconds < 600) fail(w, `route timeout ${timeout} is too short for SSE streams (want >= 10m)`);
}

/** Java-properties-like lines "key=value" or "key value" of a Spark conf file. */
function properties(text) {
  const map = new Map();
  for (const line of String(text ?? "").split("\n")) {
    const t = line.trim();
    if (t === "" || t.startsWith("#")) continue;
    const m = /^(\S+?)\s*[=\s]\s*(.*)$/.exec(t);
    if (m) map.set(m[1], m[2]);
  }
  return map;
}

function checkSparkConf(objs, name) {
  const cm = need(objs, "ConfigMap", name, "openshift: spark conf");
  if (!cm) return;
  const w = where(cm);
  const data = cm.data ?? {};
  if (!("spark-defaults.conf" in data)) fail(w, "spark-defaults.conf is missing");
  const m = properties(data["metrics.properties"]);
  if (m.get("*.sink.graphite.class") !== "org.apache.spark.metrics.sink.GraphiteSink") {
    fail(w, "metrics.properties must set *.sink.graphite.class=org.apache.spark.metrics.sink.GraphiteSink");
  }
  if (!m.get("*.sink.graphite.host")) fail(w, "metrics.properties must set *.sink.graphite.host");
  if (m.get("*.sink.graphite.port") !== "2003") fail(w, "metrics.properties must send to Carbon's port 2003");
  if (!/^\d+$/.test(m.get("*.sink.graphite.period") ?? "")) fail(w, "metrics.properties needs a numeric period");
}

function checkClusterConfig(objs) {
  const cm = need(objs, "ConfigMap", "clusterconfig", "openshift: oshinko");
  if (!cm) return;
  const w = where(cm);
  const data = cm.data ?? {};
  for (const key of ["metrics.enable", "scorpionstare.enable"]) {
    if (data[key] !== "true") fail(w, `${key} must be "true", is ${JSON.stringify(data[key])}`);
  }
  if (!data.sparkimage) fail(w, "sparkimage is missing");
  if (data.sparkmasterconfig !== "masterconfig") fail(w, "sparkmasterconfig must be masterconfig");
  if (data.sparkworkerconfig !== "workerconfig") fail(w, "sparkworkerconfig must be workerconfig");
  if (data.workercount !== undefined && !/^[1-9]\d*$/.test(data.workercount)) {
    fail(w, "workercount must be an integer >= 1 (oshinko answers 409 otherwise)");
  }
  checkSparkConf(objs, data.sparkmasterconfig);
  checkSparkConf(objs, data.sparkworkerconfig);
  if (data.sparkimage) checkImageReference(objs, w, data.sparkimage, "sparkimage");
}

function checkOshinko(objs) {
  const ctx = "openshift: oshinko";
  const d = need(objs, "Deployment", "oshinko-rest", ctx);
  const svc = need(objs, "Service", "oshinko-rest", ctx);
  const sa = need(objs, "ServiceAccount", "oshinko", ctx);
  if (d) {
    const w = where(d);
    const pod = d.spec.template.spec;
    if (pod.serviceAccountName !== "oshinko") fail(w, "serviceAccountName must be oshinko");
    const c = pod.containers[0];
    const env = envOf(c);
    expectEnv(w, env, "OSHINKO_SERVER_PORT", "8081");
    if (env.get("OSHINKO_CLUSTER_NAMESPACE")?.valueFrom?.fieldRef?.fieldPath !== "metadata.namespace") {
      fail(w, "env OSHINKO_CLUSTER_NAMESPACE must come from metadata.namespace");
    }
    checkProbe(w, c, "readinessProbe", "/");
    checkProbe(w, c, "livenessProbe", "/");
    checkResources(w, c);
  }
  if (svc) {
    if (!(svc.spec.ports ?? []).some((p) => p.port === 8081)) fail(where(svc), "must listen on 8081");
    if (d) checkServiceTargets(objs, svc, d);
  }
  const bindings = objs.filter((o) => o.kind === "RoleBinding"
    && (o.subjects ?? []).some((s) => s.kind === "ServiceAccount" && s.name === "oshinko"));
  if (bindings.length === 0) fail(ctx, "no RoleBinding for ServiceAccount oshinko");
  for (const b of bindings) {
    const ref = b.roleRef ?? {};
    if (ref.kind !== "ClusterRole" || ref.name !== "edit" || ref.apiGroup !== "rbac.authorization.k8s.io") {
      fail(where(b), `roleRef must be ClusterRole edit (rbac.authorization.k8s.io), is ${JSON.stringify(ref)}`);
    }
  }
  if (sa && bindings.length > 0 && !bindings.some((b) => b.roleRef?.name === "edit")) {
    fail(where(sa), "ServiceAccount oshinko is not bound to edit");
  }
}

/**
 * A bare "name:tag" image must be an ImageStream with local lookup that a BuildConfig fills, since
 * nothing could pull it from a registry; anything with a registry or a slash is left to the user.
 */
function checkImageReference(objs, w, image, what) {
  if (image.includes("/")) return;
  const [name, tag] = image.split(":");
  const is = find(objs, "ImageStream", name);
  if (!is) {
    fail(w, `${what} ${image} is no registry image and no ImageStream ${name} exists`);
    return;
  }
  if (is.spec?.lookupPolicy?.local !== true) fail(where(is), `lookupPolicy.local must be true for ${what} ${image}`);
  const builds = objs.filter((o) => o.kind === "BuildConfig" && o.spec?.output?.to?.kind === "ImageStreamTag"
    && o.spec.output.to.name === `${name}:${tag ?? "latest"}`);
  if (builds.length !== 1) fail(w, `${what} ${image}: ${builds.length} BuildConfigs produce it, expected 1`);
  for (const b of builds) {
    const path = b.spec.strategy?.dockerStrategy?.dockerfilePath;
    if (b.spec.source?.binary !== undefined && path && !existsSync(join(repoRoot, path))) {
      fail(where(b), `dockerfilePath ${path} does not exist in the repository`);
    }
  }
}

/** Images of every workload, the resolve-names annotation and image-trigger annotations. */
function checkImages(objs) {
  for (const d of objs.filter((o) => o.kind === "Deployment")) {
    const w = where(d);
    const template = d.spec.template;
    for (const c of template.spec.containers) {
      if (!c.image.includes("/")) {
        checkImageReference(objs, w, c.image, `container ${c.name} image`);
        if (template.metadata?.annotations?.["alpha.image.policy.openshift.io/resolve-names"] !== "*") {
          fail(w, "pod template needs annotation alpha.image.policy.openshift.io/resolve-names: '*'");
        }
      }
    }
    const triggers = d.metadata.annotations?.["image.openshift.io/triggers"];
    if (triggers === undefined) continue;
    let list;
    try {
      list = JSON.parse(triggers);
    } catch (e) {
      fail(w, `annotation image.openshift.io/triggers is not JSON: ${e.message}`);
      continue;
    }
    for (const t of list) {
      const m = /containers\[\?\(@\.name=="([^"]+)"\)\]\.image$/.exec(t.fieldPath ?? "");
      const c = m && template.spec.containers.find((x) => x.name === m[1]);
      if (!c) fail(w, `image trigger fieldPath ${t.fieldPath} names no container`);
      else if (t.from?.kind !== "ImageStreamTag" || t.from.name !== c.image) {
        fail(w, `image trigger ${t.from?.name} differs from container ${c.name}'s image ${c.image}`);
      }
    }
  }
}

/** Idempotent output: nothing that changes from one build to the next. */
function checkReproducible(objs, file) {
  const text = readFileSync(join(root, file), "utf8");
  for (const volatile of ["app.quarkus.io/build-timestamp", "app.quarkus.io/commit-id"]) {
    if (text.includes(volatile)) fail(file, `contains ${volatile}: set quarkus.kubernetes.idempotent=true`);
  }
  for (const o of objs) {
    const selector = o.spec?.selector?.matchLabels ?? o.spec?.selector ?? {};
    if (isMap(selector) && "app.kubernetes.io/version" in selector) {
      fail(where(o), "selector holds the version label: a new version would orphan the old pods");
    }
  }
}

// ---------------------------------------------------------------- main

/** Validates every manifest under `dir`: { problems, documents, files, rendered } (rendered: kustomize output size). */
export async function validateDir(dir) {
  root = resolve(dir);
  repoRoot = resolve(root, "..");
  problems = [];
  const files = manifestFiles(root);
  const byFile = new Map();
  let documents = 0;
  for (const path of files) {
    const docs = load(path);
    byFile.set(relative(root, path), docs);
    for (const o of docs) {
      await validateSchema(o);
      documents++;
    }
  }

  let rendered = [];
  const kustomization = byFile.get("kustomization.yaml")?.[0];
  if (!kustomization) {
    fail(root, "kustomization.yaml is missing");
  } else {
    // Every manifest file is applied by `oc apply -k`, except kubernetes.yml (same objects, plain Kubernetes).
    const unused = [...byFile.keys()].filter((f) => f !== "kustomization.yaml" && f !== "kubernetes.yml"
      && !(kustomization.resources ?? []).includes(f));
    for (const f of unused) fail("kustomization.yaml", `${f} is not listed in resources`);
    rendered = renderKustomization(kustomization, byFile);
    for (const o of rendered) await validateSchema(o);
    checkServiceDeployment(rendered, "openshift");
    checkRoute(rendered);
    checkOshinko(rendered);
    checkClusterConfig(rendered);
    checkImages(rendered);
    if (find(rendered, "ImageStream", "openjdk-17")) fail("kustomization.yaml", "ImageStream openjdk-17 is not deleted");
  }
  for (const file of ["openshift.yml", "kubernetes.yml"]) {
    if (!byFile.has(file)) fail(file, "generated manifest missing: run ./mvnw -B verify -Dsparkvar.manifests.update=true");
    else checkReproducible(byFile.get(file), file);
  }
  checkServiceDeployment(byFile.get("kubernetes.yml") ?? [], "kubernetes");
  return { problems, documents, files: files.length, rendered: rendered.length };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const dir = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), ".."));
  const r = await validateDir(dir);
  if (r.problems.length > 0) {
    console.error(`validate: ${r.problems.length} problem(s) in ${dir}:`);
    for (const p of r.problems) console.error(`  ${p}`);
    process.exit(1);
  }
  console.log(`validate: oc apply -k renders ${r.rendered} objects`);
  console.log(`validate: ${r.documents} documents in ${r.files} files under ${dir} are valid`);
}
