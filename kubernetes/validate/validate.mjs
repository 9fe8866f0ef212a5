// Offline validation of every manifest under kubernetes/ (no cluster, no kubectl):
//  1. every YAML document parses and has apiVersion, kind and metadata.name;
//  2. core and RBAC kinds validate against the Kubernetes OpenAPI schemas (npm kubernetes-models);
//     OpenShift kinds (Route, BuildConfig, ImageStream), which have no npm schema, get their required
//     fields checked here; any other kind is an error;
//  3. kustomization.yaml is rendered the way `oc apply -k` does for what it uses (resources, strategic merge
//     and JSON patches) and the result is checked for what the deployment needs: probes, Route and its
//     timeout, env, volume and PVC, ConfigMap keys, the oshinko server, image references;
//  4. and for least privilege (issue 18): oshinko's Role grants exactly the calls its code makes; the
//     NetworkPolicies, evaluated for the pods that matter, allow the flows the deployment needs and refuse
//     the others; every pod and container has a restrictive securityContext and the images a numeric
//     USER; nothing grants another SCC; /internal and /q are taken off the public host by endpoint-less
//     Routes; cluster-admin/'s admission policy pins oshinko's images to clusterconfig's;
//  5. ../kubernetes-native/ (issue 22), the overlay for the native Kubernetes backend, rendered on top of this
//     folder's kustomization: no oshinko object left, the service's Role grants exactly the calls the adapter
//     makes, the backend's env, the NetworkPolicies for the adapter's pods, and the checks of 3 and 4.
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
  if (group === "monitoring.coreos.com") {
    checkMonitoringKind(o);
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
      if (spec.host !== undefined && (typeof spec.host !== "string" || !DNS_SUBDOMAIN.test(spec.host))) {
        fail(w, `spec.host ${JSON.stringify(spec.host)} is not a DNS subdomain`);
      }
      if (spec.path !== undefined && (typeof spec.path !== "string" || !spec.path.startsWith("/"))) {
        fail(w, `spec.path ${JSON.stringify(spec.path)} must start with /`);
      }
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

/** Prometheus duration, e.g. 30s, 5m, 1h30m. */
const PROM_DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;

/**
 * Required fields of the Prometheus operator kinds we use (monitoring.coreos.com/v1, served by OpenShift's
 * monitoring stack; no npm schema): ServiceMonitor and PrometheusRule.
 */
function checkMonitoringKind(o) {
  const w = where(o);
  const spec = o.spec ?? {};
  switch (`${o.apiVersion} ${o.kind}`) {
    case "monitoring.coreos.com/v1 ServiceMonitor": {
      if (!isMap(spec.selector) || Object.keys(spec.selector).length === 0) fail(w, "spec.selector is required");
      const endpoints = spec.endpoints ?? [];
      if (!Array.isArray(endpoints) || endpoints.length === 0) fail(w, "spec.endpoints needs at least one endpoint");
      for (const [i, e] of (Array.isArray(endpoints) ? endpoints : []).entries()) {
        if (typeof e.port !== "string" && e.targetPort === undefined) fail(w, `spec.endpoints[${i}] needs a port name`);
        if (e.path !== undefined && !String(e.path).startsWith("/")) fail(w, `spec.endpoints[${i}].path must start with /`);
        if (e.interval !== undefined && !PROM_DURATION.test(e.interval)) fail(w, `spec.endpoints[${i}].interval ${e.interval} is no duration`);
        if (e.scheme !== undefined && !["http", "https"].includes(e.scheme)) fail(w, `spec.endpoints[${i}].scheme must be http|https`);
      }
      break;
    }
    case "monitoring.coreos.com/v1 PrometheusRule": {
      const groups = spec.groups ?? [];
      if (!Array.isArray(groups) || groups.length === 0) fail(w, "spec.groups needs at least one group");
      for (const [i, g] of (Array.isArray(groups) ? groups : []).entries()) {
        if (typeof g.name !== "string" || g.name === "") fail(w, `spec.groups[${i}].name is required`);
        for (const [j, r] of (g.rules ?? []).entries()) {
          const at = `spec.groups[${i}].rules[${j}]`;
          if ((typeof r.alert === "string") === (typeof r.record === "string")) fail(w, `${at} needs alert or record, not both`);
          if (typeof r.expr !== "string" || r.expr.trim() === "") fail(w, `${at}.expr is required`);
          if (r.for !== undefined && !PROM_DURATION.test(r.for)) fail(w, `${at}.for ${r.for} is no duration`);
        }
      }
      break;
    }
    default:
      fail(w, `unchecked monitoring kind ${o.apiVersion} ${o.kind}`);
  }
}

/**
 * Metrics (issue 21): the ServiceMonitor scrapes /q/metrics on a Service port that leads to the container's
 * management port, and the alerts the README promises exist, on metrics the service serves.
 */
function checkMonitoring(objs) {
  const sm = need(objs, "ServiceMonitor", "sparkvar", "monitoring");
  const svc = find(objs, "Service", "sparkvar");
  const d = find(objs, "Deployment", "sparkvar");
  if (sm && svc && d) {
    const w = where(sm);
    const selector = sm.spec?.selector?.matchLabels ?? {};
    const labels = svc.metadata?.labels ?? {};
    if (Object.keys(selector).length === 0 || !Object.entries(selector).every(([k, v]) => labels[k] === v)) {
      fail(w, `selector ${JSON.stringify(selector)} does not select Service/sparkvar`);
    }
    const c = d.spec.template.spec.containers.find((x) => x.name === "sparkvar");
    const management = (c?.ports ?? []).find((p) => p.name === "management");
    if (!management) fail(where(d), "the container has no port named management");
    for (const e of sm.spec?.endpoints ?? []) {
      // a Service port by name, or (as quarkus-openshift writes it) the pod's port by number or name
      const port = e.port === undefined ? undefined : (svc.spec?.ports ?? []).find((p) => p.name === e.port);
      const target = e.port === undefined ? e.targetPort : port?.targetPort ?? port?.port;
      if (e.port !== undefined && !port) fail(w, `endpoint port ${e.port} is no port of Service/sparkvar`);
      else if (!management || (target !== management.name && target !== management.containerPort)) {
        fail(w, `endpoint ${JSON.stringify(e.port ?? e.targetPort)} does not lead to the container's management port`);
      }
      if (e.path !== "/q/metrics") fail(w, `endpoint path must be /q/metrics, has ${JSON.stringify(e.path)}`);
    }
  }
  const rule = need(objs, "PrometheusRule", "sparkvar", "monitoring");
  if (rule) {
    const alerts = new Map((rule.spec?.groups ?? []).flatMap((g) => g.rules ?? []).filter((r) => r.alert)
      .map((r) => [r.alert, r.expr]));
    const wanted = { SparkvarRunsFailing: "sparkvar_runs_finished_total", SparkvarReaperBacklogGrowing: "sparkvar_reaper_backlog",
      SparkvarQueueFull: "sparkvar_admission_queue_length" };
    for (const [alert, metric] of Object.entries(wanted)) {
      if (!alerts.has(alert)) fail(where(rule), `alert ${alert} is missing`);
      else if (!alerts.get(alert).includes(metric)) fail(where(rule), `alert ${alert} must read ${metric}`);
    }
  }
}

// ---------------------------------------------------------------- kustomize (the parts we use)

const isMap = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

/** Lists that a strategic merge patch merges item by item on their `name` (Kubernetes' patchMergeKey). */
const MERGE_BY_NAME = new Set(["containers", "initContainers", "env", "volumes"]);

/**
 * Strategic merge: maps merge key by key; the lists in MERGE_BY_NAME merge by item name (the patch's items
 * first, as kustomize orders them); lists of scalars are replaced (their default strategy). Other lists of maps have other merge
 * keys or strategies: refused rather than rendered differently from oc.
 */
function mergeMaps(target, patch, path) {
  for (const [key, value] of Object.entries(patch)) {
    if (Array.isArray(value)) {
      if (value.every((v) => !isMap(v) && !Array.isArray(v))) {
        target[key] = structuredClone(value);
      } else if (MERGE_BY_NAME.has(key) && value.every((v) => isMap(v) && typeof v.name === "string")) {
        // kustomize's order: the patch's items first (merged into the item of that name, if any), then the
        // target's other items as they were
        const list = Array.isArray(target[key]) ? target[key] : [];
        const merged = value.map((item) => {
          const into = list.find((t) => isMap(t) && t.name === item.name);
          if (!into) return structuredClone(item);
          mergeMaps(into, item, `${path}${key}[${item.name}].`);
          return into;
        });
        target[key] = [...merged, ...list.filter((t) => !merged.includes(t))];
      } else {
        throw new Error(`list at ${path}${key}: this renderer merges only ${[...MERGE_BY_NAME].join(", ")} by name`);
      }
    } else if (isMap(value) && isMap(target[key])) mergeMaps(target[key], value, `${path}${key}.`);
    else target[key] = structuredClone(value);
  }
}

/** JSON patch (RFC 6902) operations add and replace on map paths, the ones kustomization.yaml uses. */
function applyJsonPatch(target, ops) {
  for (const op of ops) {
    if (!isMap(op) || !["add", "replace"].includes(op.op) || typeof op.path !== "string" || !op.path.startsWith("/")) {
      throw new Error(`JSON patch op ${JSON.stringify(op)}: this renderer applies add and replace only`);
    }
    const keys = op.path.slice(1).split("/").map((k) => k.replaceAll("~1", "/").replaceAll("~0", "~"));
    let node = target;
    for (const k of keys.slice(0, -1)) {
      if (!isMap(node[k])) throw new Error(`JSON patch path ${op.path}: ${k} is not a map`);
      node = node[k];
    }
    const last = keys[keys.length - 1];
    if (op.op === "replace" && !(last in node)) throw new Error(`JSON patch replace ${op.path}: nothing there`);
    node[last] = structuredClone(op.value);
  }
}

/**
 * The objects `oc apply -k` would apply. `resolve` gives the documents of a resource entry (a file, or for an
 * overlay its rendered base); `file` names the kustomization in messages.
 */
function renderKustomization(kustomization, byFile, file = "kustomization.yaml", resolve = (res) => byFile.get(res)) {
  // Refuse what this renderer does not implement rather than check something oc would render differently.
  const known = new Set(["apiVersion", "kind", "resources", "patches"]);
  for (const key of Object.keys(kustomization).filter((k) => !known.has(k))) {
    fail(file, `field ${key} is not supported by validate.mjs: extend renderKustomization`);
  }
  const rendered = [];
  for (const res of kustomization.resources ?? []) {
    const docs = resolve(res);
    if (!docs) {
      fail(file, `resource ${res} is not a manifest file in ${root}`);
      continue;
    }
    rendered.push(...docs.map((d) => Object.defineProperty(structuredClone(d), "__file",
      { value: d.__file.endsWith("(rendered)") ? d.__file : `${d.__file} (rendered)`, enumerable: false })));
  }
  for (const [i, p] of (kustomization.patches ?? []).entries()) {
    const at = `${file}: patches[${i}]`;
    // A target without a name patches every object of the kind, as kustomize does.
    const matches = rendered.filter((o) => o.kind === p.target?.kind
      && (p.target?.name === undefined || o.metadata?.name === p.target.name));
    if (matches.length === 0 || (p.target?.name !== undefined && matches.length !== 1)) {
      fail(at, `target ${p.target?.kind}/${p.target?.name ?? "*"} matches ${matches.length} objects`);
      continue;
    }
    const patch = parseAllDocuments(p.patch ?? "")[0]?.toJS();
    if (Array.isArray(patch)) {
      for (const m of matches) {
        try {
          applyJsonPatch(m, patch);
        } catch (e) {
          fail(at, e.message);
        }
      }
      continue;
    }
    if (!isMap(patch)) {
      fail(at, "patch is neither a YAML object nor a JSON patch list");
      continue;
    }
    if (matches.length !== 1) {
      fail(at, "a strategic merge patch needs a target name");
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

function checkProbe(w, c, kind, path, onManagementPort = false) {
  const probe = c[kind];
  const port = probe?.httpGet?.port;
  const portOk = (c.ports ?? []).some((p) => p.containerPort === port || p.name === port);
  // health is served on the management port only (issue 21): a probe on the public port would always fail
  const management = (c.ports ?? []).some((p) => p.name === "management" && (p.containerPort === port || p.name === port));
  if (probe?.httpGet?.path !== path) fail(w, `${kind} must GET ${path}, has ${JSON.stringify(probe?.httpGet?.path)}`);
  else if (!portOk) fail(w, `${kind} port ${port} is not a container port`);
  else if (onManagementPort && !management) fail(w, `${kind} port ${port} is not the management port`);
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

/** The OIDC settings in the service's env and their keys in the ConfigMap sparkvar-oidc (root README, Access). */
const OIDC_ENV = [
  ["QUARKUS_OIDC_TENANT_ENABLED", "enabled"],
  ["QUARKUS_OIDC_AUTH_SERVER_URL", "auth-server-url"],
  ["QUARKUS_OIDC_CLIENT_ID", "client-id"],
  ["QUARKUS_OIDC_TOKEN_AUDIENCE", "audience"],
  ["QUARKUS_OIDC_ROLES_ROLE_CLAIM_PATH", "role-claim-path"],
  ["SPARKVAR_ACCESS_OIDC_USER_ROLES", "user-roles"],
];

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
  checkProbe(w, c, "livenessProbe", "/q/health/live", true);
  checkProbe(w, c, "readinessProbe", "/q/health/ready", true);
  checkProbe(w, c, "startupProbe", "/q/health/started", true);
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
  // OIDC (issue 21): each setting from the ConfigMap sparkvar-oidc and optional, so that the pod starts, with OIDC
  // off, where there is none; never a literal (an issuer written here would be on for every deployment).
  for (const [name, key] of OIDC_ENV) {
    const ref = env.get(name)?.valueFrom?.configMapKeyRef;
    if (!ref || env.get(name).value !== undefined || ref.name !== "sparkvar-oidc" || ref.key !== key || ref.optional !== true) {
      fail(w, `env ${name} must come from the ConfigMap sparkvar-oidc, key ${key}, optional: true`);
    }
  }
  if (flavour === "native") {
    // the native backend (issue 22): no oshinko anywhere, our elastic loop, this pod owns the clusters
    for (const name of ["OSHINKO_REST_SERVICE_HOST", "OSHINKO_REST_SERVICE_PORT", "SPARKVAR_OSHINKO_URL"]) {
      if (env.get(name)?.value || env.get(name)?.valueFrom) fail(w, `env ${name} must be unset or empty: no oshinko server here`);
    }
    expectEnv(w, env, "SPARKVAR_KUBE_ENABLED", "true");
    expectEnv(w, env, "SPARKVAR_ELASTIC_ENABLED", "true"); // nothing else scales the clusters
    for (const [name, field] of [["SPARKVAR_KUBE_OWNER_NAME", "metadata.name"], ["SPARKVAR_KUBE_OWNER_UID", "metadata.uid"]]) {
      if (env.get(name)?.valueFrom?.fieldRef?.fieldPath !== field) {
        fail(w, `env ${name} must come from ${field} (the pod owns its clusters)`);
      }
    }
    const ip = env.get("SPARK_LOCAL_IP");
    if (ip?.valueFrom?.fieldRef?.fieldPath !== "status.podIP") {
      fail(w, "env SPARK_LOCAL_IP must come from status.podIP (executors connect back to the driver)");
    }
    if (pod.serviceAccountName !== "sparkvar") fail(w, "serviceAccountName must be sparkvar (its Role makes the clusters)");
    checkImageReference(objs, w, env.get("SPARKVAR_KUBE_IMAGE")?.value ?? NATIVE_SPARK_IMAGE, "the clusters' image");
  } else if (flavour === "openshift") {
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
  if (sa) checkOshinkoRbac(objs, sa);
}

// ---------------------------------------------------------------- least privilege (issue 18)

/**
 * What tmckayus/oshinko-rest@5db38a9 calls, resource → verbs (oshinko-rbac.yaml says where in its code).
 * The Role must grant all of it (else oshinko fails) and nothing more.
 */
const OSHINKO_USES = {
  configmaps: ["get"],
  deploymentconfigs: ["create", "list", "delete"],
  services: ["create", "list", "delete"],
  replicationcontrollers: ["get", "list", "update", "delete"],
  pods: ["list"],
};
const OSHINKO_GROUPS = { deploymentconfigs: ["", "apps.openshift.io"] };

/** The oshinko ServiceAccount: bound to one namespaced Role that grants exactly OSHINKO_USES. */
function checkOshinkoRbac(objs, sa) {
  const bindings = objs.filter((o) => ["RoleBinding", "ClusterRoleBinding"].includes(o.kind)
    && (o.subjects ?? []).some((s) => s.kind === "ServiceAccount" && s.name === "oshinko"));
  if (bindings.length === 0) fail(where(sa), "ServiceAccount oshinko is bound to no Role");
  const rules = [];
  for (const b of bindings) {
    const ref = b.roleRef ?? {};
    const role = ref.kind === "Role" && find(objs, "Role", ref.name);
    if (b.kind !== "RoleBinding" || ref.kind !== "Role" || ref.apiGroup !== "rbac.authorization.k8s.io") {
      fail(where(b), `roleRef must be a namespaced Role (rbac.authorization.k8s.io), not ${ref.kind}/${ref.name}`);
    } else if (!role) {
      fail(where(b), `roleRef names Role/${ref.name}, which does not exist`);
    } else {
      rules.push(...(role.rules ?? []).map((r) => ({ r, w: where(role) })));
    }
  }
  const granted = new Map(); // "group resource" → Set(verbs)
  for (const { r, w } of rules) {
    const lists = [r.apiGroups ?? [], r.resources ?? [], r.verbs ?? [], r.resourceNames ?? []];
    if (lists.some((l) => l.includes("*"))) {
      fail(w, `wildcard in rule ${JSON.stringify(r)}: name the groups, resources and verbs oshinko uses`);
      continue;
    }
    if (r.nonResourceURLs) fail(w, "nonResourceURLs: oshinko calls no such URL");
    for (const g of r.apiGroups ?? []) {
      for (const res of r.resources ?? []) {
        const uses = OSHINKO_USES[res];
        const groups = OSHINKO_GROUPS[res] ?? [""];
        for (const v of r.verbs ?? []) {
          if (!uses || !uses.includes(v) || !groups.includes(g)) {
            fail(w, `grants ${v} on ${res}${g ? ` (${g})` : ""}, which oshinko does not use`);
            continue;
          }
          const key = `${g} ${res}`;
          if (!granted.has(key)) granted.set(key, new Set());
          granted.get(key).add(v);
        }
        if (res === "configmaps") checkConfigMapNames(objs, w, r.resourceNames);
      }
    }
  }
  for (const [res, verbs] of Object.entries(OSHINKO_USES)) {
    for (const g of OSHINKO_GROUPS[res] ?? [""]) {
      for (const v of verbs) {
        if (!granted.get(`${g} ${res}`)?.has(v)) {
          fail(where(sa), `oshinko needs ${v} on ${res}${g ? ` (${g})` : ""} and its Role does not grant it`);
        }
      }
    }
  }
}

/** ConfigMaps by name only: "default" (oshinko reads it first; Forbidden would fail every call) and ours. */
function checkConfigMapNames(objs, w, names) {
  const cc = find(objs, "ConfigMap", "clusterconfig");
  const want = ["default", "clusterconfig", cc?.data?.sparkmasterconfig, cc?.data?.sparkworkerconfig].filter(Boolean);
  if (!names || names.length === 0) {
    fail(w, `configmaps get must be limited by resourceNames to ${want.join(", ")}: a request could name any ConfigMap`);
    return;
  }
  for (const n of want) if (!names.includes(n)) fail(w, `configmaps resourceNames misses ${n}, which oshinko reads`);
  for (const n of names) if (!want.includes(n)) fail(w, `configmaps resourceNames grants ${n}, which oshinko does not read`);
}

/** Pods run under OpenShift's restricted-v2 SCC: nothing here may grant another one. */
function checkNoSccGrant(objs) {
  for (const o of objs) {
    if (["Role", "ClusterRole"].includes(o.kind)) {
      for (const r of o.rules ?? []) {
        if ((r.resources ?? []).some((res) => res === "*" || res === "securitycontextconstraints")) {
          fail(where(o), "grants access to securitycontextconstraints: pods must stay under restricted-v2");
        }
      }
    }
    if (["RoleBinding", "ClusterRoleBinding"].includes(o.kind)) {
      if (o.kind === "ClusterRoleBinding") fail(where(o), "a ClusterRoleBinding reaches beyond the namespace");
      if (/^system:openshift:scc:/.test(o.roleRef?.name ?? "")) {
        fail(where(o), `binds ${o.roleRef.name}: pods must stay under restricted-v2`);
      }
    }
  }
}

/**
 * Every pod template: a pod securityContext, and for each container, with the container's value winning
 * over the pod's: runAsNonRoot (and no UID 0), RuntimeDefault seccomp, no privilege escalation, ALL
 * capabilities dropped and none added, not privileged; no host namespaces.
 */
function checkPodSecurity(objs) {
  for (const o of objs.filter((x) => ["Deployment", "StatefulSet", "DaemonSet", "Job", "ReplicaSet"].includes(x.kind))) {
    const w = where(o);
    const pod = o.spec?.template?.spec ?? {};
    const psc = pod.securityContext;
    if (!isMap(psc)) fail(w, "pod has no securityContext");
    for (const host of ["hostNetwork", "hostPID", "hostIPC"]) if (pod[host]) fail(w, `pod sets ${host}`);
    for (const c of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
      const csc = c.securityContext ?? {};
      const eff = (k) => csc[k] ?? psc?.[k];
      const at = `container ${c.name}`;
      if (eff("runAsNonRoot") !== true) fail(w, `${at}: runAsNonRoot must be true`);
      if (eff("runAsUser") === 0) fail(w, `${at}: runAsUser 0 is root`);
      if (eff("seccompProfile")?.type !== "RuntimeDefault") fail(w, `${at}: seccompProfile must be RuntimeDefault`);
      if (csc.allowPrivilegeEscalation !== false) fail(w, `${at}: allowPrivilegeEscalation must be false`);
      if (!(csc.capabilities?.drop ?? []).includes("ALL")) fail(w, `${at}: capabilities must drop ALL`);
      if ((csc.capabilities?.add ?? []).length > 0) fail(w, `${at}: adds capabilities ${csc.capabilities.add}`);
      if (csc.privileged) fail(w, `${at}: privileged`);
    }
  }
}

/** The last USER of a Dockerfile must be a numeric non-zero UID: runAsNonRoot can check only a number. */
function checkDockerfileUser(file) {
  const path = join(repoRoot, file);
  if (!existsSync(path)) {
    fail(file, "missing");
    return;
  }
  const users = readFileSync(path, "utf8").split("\n").map((l) => /^\s*USER\s+(\S+)/i.exec(l)?.[1]).filter(Boolean);
  const user = users.at(-1);
  if (!user || !/^[1-9]\d*(:\d+)?$/.test(user)) {
    fail(file, `USER ${user ?? "(none)"}: the image must run as a numeric non-root UID (runAsNonRoot)`);
  }
}

// NetworkPolicies, evaluated as the cluster does (ingress only) for the pods that matter here.

/** Whether labels satisfy a LabelSelector ({} or absent: everything). */
function selects(selector, labels) {
  if (!isMap(selector)) return true;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = e.key in labels;
    const ok = { In: has && (e.values ?? []).includes(labels[e.key]),
      NotIn: !has || !(e.values ?? []).includes(labels[e.key]),
      Exists: has, DoesNotExist: !has }[e.operator];
    if (!ok) return false;
  }
  return true;
}

const NAMESPACE = { "kubernetes.io/metadata.name": "sparkvar" };

/**
 * Whether `from` may open a TCP connection to `to` on `port`. Actors: { name, labels, ns (namespace labels),
 * inNamespace }. A pod that no policy selects accepts everything; a selected one what some rule allows.
 */
function reachable(policies, from, to, port) {
  if (!to.inNamespace) return true;
  const selecting = policies.filter((p) => (p.spec?.policyTypes ?? ["Ingress"]).includes("Ingress")
    && selects(p.spec?.podSelector ?? {}, to.labels));
  if (selecting.length === 0) return true;
  return selecting.some((p) => (p.spec?.ingress ?? []).some((rule) => {
    const portOk = !rule.ports || rule.ports.length === 0 || rule.ports.some((rp) => (rp.protocol ?? "TCP") === "TCP"
      && (rp.port === undefined || rp.port === port || (rp.endPort !== undefined && port >= rp.port && port <= rp.endPort)));
    const peerOk = !rule.from || rule.from.length === 0 || rule.from.some((peer) => {
      if (peer.ipBlock) return true; // any address: as open as it gets
      if (peer.namespaceSelector === undefined) return from.inNamespace && selects(peer.podSelector, from.labels);
      return selects(peer.namespaceSelector, from.ns) && selects(peer.podSelector ?? {}, from.labels);
    });
    return portOk && peerOk;
  }));
}

function checkNetworkPolicies(objs) {
  const policies = objs.filter((o) => o.kind === "NetworkPolicy");
  const labelsOf = (name) => find(objs, "Deployment", name)?.spec?.template?.metadata?.labels ?? {};
  const here = (name, labels) => ({ name, labels, ns: NAMESPACE, inNamespace: true });
  const sparkvar = here("sparkvar", labelsOf("sparkvar"));
  const oshinko = here("oshinko-rest", labelsOf("oshinko-rest"));
  // What oshinko@5db38a9 puts on a cluster's pods (clusters.go: oshinko-cluster, oshinko-type).
  const master = here("a Spark master pod", { "oshinko-cluster": "c1", "oshinko-type": "master", deploymentconfig: "c1-m" });
  const worker = here("a Spark worker pod", { "oshinko-cluster": "c1", "oshinko-type": "worker", deploymentconfig: "c1-w" });
  const other = here("another pod of the namespace", { "openshift.io/build.name": "x-1" });
  const router = { name: "the OpenShift router", labels: { ingresscontroller: "default" },
    ns: { "kubernetes.io/metadata.name": "openshift-ingress", "policy-group.network.openshift.io/ingress": "",
      "network.openshift.io/policy-group": "ingress" }, inNamespace: false };
  const monitoring = { name: "user-workload monitoring's Prometheus", labels: { "app.kubernetes.io/name": "prometheus" },
    ns: { "kubernetes.io/metadata.name": "openshift-user-workload-monitoring", "network.openshift.io/policy-group": "monitoring" },
    inNamespace: false };
  const stranger = { name: "a pod of another namespace", labels: { "app.kubernetes.io/name": "sparkvar" },
    ns: { "kubernetes.io/metadata.name": "elsewhere" }, inNamespace: false };
  const flows = [
    // [from, to, port, must be allowed, why]
    [router, sparkvar, 8080, true, "the Route's traffic"],
    [monitoring, sparkvar, 9000, true, "Prometheus scrapes the management port"],
    [router, sparkvar, 9000, false, "health and metrics are never published"],
    [stranger, sparkvar, 9000, false, "health and metrics are for the monitoring stack"],
    [other, sparkvar, 9000, false, "health and metrics are for the monitoring stack"],
    [sparkvar, oshinko, 8081, true, "the service creates and deletes clusters"],
    [master, oshinko, 8081, true, "scorpion-stare scales its cluster"],
    [sparkvar, master, 7077, true, "the driver registers with the master"],
    [sparkvar, master, 8000, true, "the service reads Graphite"],
    [sparkvar, master, 2003, true, "the driver sends metrics to Carbon"],
    [sparkvar, worker, 40000, true, "the driver reaches its executors"],
    [worker, master, 7077, true, "workers register with the master"],
    [worker, master, 2003, true, "workers send metrics to Carbon"],
    [master, worker, 40000, true, "the master reaches its workers"],
    [worker, worker, 40000, true, "executors fetch shuffle blocks from each other"],
    [worker, sparkvar, 40000, true, "executors connect back to the driver"],
    [router, oshinko, 8081, false, "oshinko has no authentication"],
    [stranger, oshinko, 8081, false, "oshinko has no authentication"],
    [other, oshinko, 8081, false, "oshinko has no authentication"],
    [worker, oshinko, 8081, false, "only the master's scorpion-stare scales"],
    [stranger, sparkvar, 8080, false, "the Route is the only way in"],
    [other, sparkvar, 8080, false, "the Route is the only way in"],
    [router, master, 8080, false, "the Spark UIs are not published"],
    [stranger, master, 7077, false, "Spark's master has no authentication"],
    [stranger, worker, 40000, false, "executors run whatever a driver sends"],
    [other, master, 7077, false, "Spark's master has no authentication"],
    [oshinko, master, 7077, false, "oshinko talks to the API server, never to the cluster pods"],
    [stranger, other, 8080, false, "nothing comes in unless a policy lets it (default deny)"],
    [other, other, 8080, false, "nothing comes in unless a policy lets it (default deny)"],
  ];
  for (const [from, to, port, allowed, why] of flows) {
    if (reachable(policies, from, to, port) !== allowed) {
      fail("network-policies", `${from.name} ${allowed ? "cannot reach" : "reaches"} ${to.name}:${port} (${why})`);
    }
  }
}

/**
 * The public host publishes the page and the API, not /internal or /q: every Route names the same host,
 * and every Route whose path is under a closed prefix (the longest prefix wins) leads to a Service with no
 * endpoints, with the TLS termination of Route/sparkvar (else it sits in another router map).
 */
const CLOSED_PREFIXES = ["/internal", "/q"];

function checkClosedPaths(objs) {
  const routes = objs.filter((o) => o.kind === "Route");
  const main = find(objs, "Route", "sparkvar");
  if (!main) return;
  const host = main.spec?.host;
  for (const r of routes) {
    if (!r.spec?.host) fail(where(r), "has no spec.host: it would get its own generated host (set it in kustomization.yaml)");
    else if (host && r.spec.host !== host) fail(where(r), `host ${r.spec.host} differs from Route/sparkvar's ${host}`);
    if (r.spec?.wildcardPolicy && r.spec.wildcardPolicy !== "None") fail(where(r), "wildcardPolicy must be None");
  }
  if (main.spec?.path && main.spec.path !== "/") fail(where(main), `path ${main.spec.path}: it must publish / (page and API)`);
  const podLabels = objs.filter((o) => o.spec?.template?.metadata?.labels).map((o) => o.spec.template.metadata.labels);
  const hasEndpoints = (svcName) => {
    const svc = find(objs, "Service", svcName);
    if (!svc) return false; // no Service, no endpoints: the router answers 503
    if (objs.some((o) => ["Endpoints", "EndpointSlice"].includes(o.kind)
      && (o.metadata?.name === svcName || o.metadata?.labels?.["kubernetes.io/service-name"] === svcName))) return true;
    const sel = svc.spec?.selector;
    if (svc.spec?.type === "ExternalName") return true;
    return isMap(sel) && Object.keys(sel).length > 0
      && podLabels.some((l) => Object.entries(sel).every(([k, v]) => l[k] === v));
  };
  const under = (path, prefix) => path === prefix || path?.startsWith(`${prefix}/`);
  for (const prefix of CLOSED_PREFIXES) {
    const closing = routes.filter((r) => r.spec?.host === host && under(r.spec?.path, prefix));
    const exact = closing.find((r) => r.spec.path === prefix);
    if (!exact) {
      fail(where(main), `publishes ${prefix}/*: no Route on its host takes the path ${prefix} away`);
    }
    for (const r of closing) {
      const targets = [r.spec.to?.name, ...(r.spec.alternateBackends ?? []).map((b) => b.name)];
      for (const t of targets.filter((x) => hasEndpoints(x))) {
        fail(where(r), `${r.spec.path} goes to Service/${t}, which has endpoints: ${prefix} would be published`);
      }
      if (r.spec.tls?.termination !== main.spec?.tls?.termination) {
        fail(where(r), `tls termination ${r.spec.tls?.termination} differs from Route/sparkvar's ${main.spec?.tls?.termination}`);
      }
    }
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

// ---------------------------------------------------------------- the native backend (issue 22)

/** The overlay beside kubernetes/ (kustomize refuses a base that contains its overlay). */
const NATIVE = "kubernetes-native";
/** sparkvar.kube.image's default (dev.sparkvar.kube.KubeConfig). */
const NATIVE_SPARK_IMAGE = "sparkvar-spark:3.5.9";

/**
 * What dev.sparkvar.kube.KubeClusters calls, "group resource" → verbs (clusters-rbac.yaml says which call
 * needs what). The service's Role must grant all of it and nothing more.
 */
const KUBE_USES = {
  " configmaps": ["create", "get", "list", "delete"],
  " configmaps/finalizers": ["update"],
  " secrets": ["create"],
  " services": ["create"],
  "apps deployments": ["create", "get", "patch"],
};

/** The ServiceAccount sparkvar: bound to namespaced Roles that together grant exactly KUBE_USES. */
function checkNativeRbac(objs) {
  const sa = need(objs, "ServiceAccount", "sparkvar", `${NATIVE}: rbac`);
  if (!sa) return;
  const bindings = objs.filter((o) => ["RoleBinding", "ClusterRoleBinding"].includes(o.kind)
    && (o.subjects ?? []).some((s) => s.kind === "ServiceAccount" && s.name === "sparkvar"));
  if (bindings.length === 0) fail(where(sa), "ServiceAccount sparkvar is bound to no Role");
  const granted = new Map();
  for (const b of bindings) {
    const ref = b.roleRef ?? {};
    const role = ref.kind === "Role" && find(objs, "Role", ref.name);
    if (b.kind !== "RoleBinding" || ref.kind !== "Role" || ref.apiGroup !== "rbac.authorization.k8s.io") {
      fail(where(b), `roleRef must be a namespaced Role (rbac.authorization.k8s.io), not ${ref.kind}/${ref.name}`);
      continue;
    }
    if (!role) {
      fail(where(b), `roleRef names Role/${ref.name}, which does not exist`);
      continue;
    }
    for (const r of role.rules ?? []) {
      if ([r.apiGroups ?? [], r.resources ?? [], r.verbs ?? [], r.resourceNames ?? []].some((l) => l.includes("*"))) {
        fail(where(role), `wildcard in rule ${JSON.stringify(r)}: name the groups, resources and verbs the adapter uses`);
        continue;
      }
      if (r.nonResourceURLs) fail(where(role), "nonResourceURLs: the adapter calls no such URL");
      for (const g of r.apiGroups ?? []) {
        for (const res of r.resources ?? []) {
          for (const v of r.verbs ?? []) {
            const key = `${g} ${res}`;
            if (!(KUBE_USES[key] ?? []).includes(v)) {
              fail(where(role), `grants ${v} on ${res}${g ? ` (${g})` : ""}, which the Kubernetes adapter does not use`);
              continue;
            }
            if (!granted.has(key)) granted.set(key, new Set());
            granted.get(key).add(v);
          }
        }
      }
    }
  }
  for (const [key, verbs] of Object.entries(KUBE_USES)) {
    const [g, res] = key.split(" ");
    for (const v of verbs) {
      if (!granted.get(key)?.has(v)) {
        fail(where(sa), `the Kubernetes adapter needs ${v} on ${res}${g ? ` (${g})` : ""} and no Role grants it`);
      }
    }
  }
}

/** The NetworkPolicies for the pods the adapter makes (dev.sparkvar.kube.ClusterObjects' labels). */
function checkNativeNetworkPolicies(objs) {
  const policies = objs.filter((o) => o.kind === "NetworkPolicy");
  const here = (name, labels) => ({ name, labels, ns: NAMESPACE, inNamespace: true });
  const sparkvar = here("sparkvar", find(objs, "Deployment", "sparkvar")?.spec?.template?.metadata?.labels ?? {});
  const managed = { "app.kubernetes.io/managed-by": "sparkvar" };
  const master = here("a Spark master pod", { "oshinko-cluster": "c1", "oshinko-type": "master", ...managed });
  const worker = here("a Spark worker pod", { "oshinko-cluster": "c1", "oshinko-type": "worker", ...managed });
  const other = here("another pod of the namespace", { "openshift.io/build.name": "x-1" });
  const router = { name: "the OpenShift router", labels: { ingresscontroller: "default" },
    ns: { "kubernetes.io/metadata.name": "openshift-ingress", "policy-group.network.openshift.io/ingress": "",
      "network.openshift.io/policy-group": "ingress" }, inNamespace: false };
  const stranger = { name: "a pod of another namespace", labels: managed,
    ns: { "kubernetes.io/metadata.name": "elsewhere" }, inNamespace: false };
  const flows = [
    [sparkvar, master, 7077, true, "the driver registers with the master"],
    [sparkvar, master, 8080, true, "the service counts workers in the master's /json/"],
    [sparkvar, worker, 40000, true, "the driver reaches its executors"],
    [worker, master, 7077, true, "workers register with the master"],
    [master, worker, 40000, true, "the master reaches its workers"],
    [worker, worker, 40000, true, "executors fetch shuffle blocks from each other"],
    [worker, sparkvar, 40000, true, "executors connect back to the driver"],
    [router, sparkvar, 8080, true, "the Route's traffic"],
    [router, master, 8080, false, "the Spark UIs are not published"],
    [stranger, master, 7077, false, "nothing outside the namespace reaches a cluster"],
    [stranger, worker, 40000, false, "executors run whatever a driver sends"],
    [other, master, 7077, false, "only the service and the cluster pods reach a cluster"],
    [other, worker, 8081, false, "only the service and the cluster pods reach a cluster"],
    [other, sparkvar, 8080, false, "the Route is the only way in"],
  ];
  for (const [from, to, port, allowed, why] of flows) {
    if (reachable(policies, from, to, port) !== allowed) {
      fail(`${NATIVE}: network-policies`, `${from.name} ${allowed ? "cannot reach" : "reaches"} ${to.name}:${port} (${why})`);
    }
  }
}

/**
 * kubernetes-native/: an overlay of kubernetes/ (its first resource) that drops oshinko and adds the service's
 * own Role; rendered like `oc apply -k kubernetes-native/` and checked like the base, for the native backend.
 */
async function checkNative(dir, base) {
  const byFile = new Map();
  for (const path of manifestFiles(dir)) {
    const docs = load(path);
    byFile.set(relative(dir, path), docs);
    for (const o of docs) await validateSchema(o);
  }
  const file = `${NATIVE}/kustomization.yaml`;
  const k = byFile.get("kustomization.yaml")?.[0];
  if (!k) {
    fail(NATIVE, "kustomization.yaml is missing");
    return [];
  }
  if ((k.resources ?? [])[0] !== "../kubernetes") fail(file, "its first resource must be the base, ../kubernetes");
  for (const f of [...byFile.keys()].filter((f) => f !== "kustomization.yaml" && !(k.resources ?? []).includes(f))) {
    fail(file, `${f} is not listed in resources`);
  }
  const rendered = renderKustomization(k, byFile, file, (res) => res === "../kubernetes" ? base : byFile.get(res));
  for (const o of rendered) await validateSchema(o);
  for (const o of rendered) {
    if (/oshinko/.test(o.metadata?.name ?? "") || (o.kind === "ConfigMap"
        && ["clusterconfig", "masterconfig", "workerconfig"].includes(o.metadata?.name))) {
      fail(where(o), "the native backend needs no oshinko object: delete it in the overlay");
    }
  }
  checkServiceDeployment(rendered, "native");
  checkRoute(rendered);
  checkImages(rendered);
  checkPodSecurity(rendered);
  checkNoSccGrant(rendered);
  checkNativeRbac(rendered);
  checkNativeNetworkPolicies(rendered);
  checkClosedPaths(rendered);
  return rendered;
}

// ---------------------------------------------------------------- the cluster administrator's part

const ADMIN = "cluster-admin";
// The digest form the ImageStream's local lookup may write, for this namespace's Spark image only.
const POLICY_RESOLVED = '"image-registry.openshift-image-registry.svc:5000/" + request.namespace + "/sparkvar-spark@sha256:"';
const POLICY_VALIDATION = "variables.containers.all(c, c.image in variables.allowed || c.image.startsWith(variables.resolved))";
/**
 * The two admission policies: the DeploymentConfigs oshinko writes (a clear refusal, if the server that
 * serves DeploymentConfigs runs the policy) and the cluster's pods (served by the Kubernetes API server
 * itself, which surely does). `who`: what the match condition must contain; the CEL is compared verbatim.
 */
const POLICIES = [
  { name: "sparkvar-oshinko-images", group: "apps.openshift.io", resource: "deploymentconfigs",
    who: '":oshinko"', containers: "object.spec.template.spec.containers + (has(object.spec.template.spec.initContainers) "
      + "? object.spec.template.spec.initContainers : [])" },
  { name: "sparkvar-cluster-pod-images", group: "", resource: "pods",
    who: '"oshinko-cluster" in object.metadata.labels', containers: "object.spec.containers + "
      + "(has(object.spec.initContainers) ? object.spec.initContainers : [])" },
];

/**
 * cluster-admin/: every file listed by its kustomization; each admission policy of POLICIES pins the images
 * to exactly the ones clusterconfig names, fails closed and is bound with Deny.
 */
function checkImagePolicy(byFile, rendered) {
  const k = byFile.get(`${ADMIN}/kustomization.yaml`)?.[0];
  if (!k) {
    fail(ADMIN, "kustomization.yaml is missing");
    return;
  }
  const files = [...byFile.keys()].filter((f) => f.startsWith(`${ADMIN}/`) && f !== `${ADMIN}/kustomization.yaml`);
  for (const f of files) {
    if (!(k.resources ?? []).includes(f.slice(ADMIN.length + 1))) fail(`${ADMIN}/kustomization.yaml`, `${f} is not listed in resources`);
  }
  const objs = files.flatMap((f) => byFile.get(f));
  for (const o of objs.filter((x) => !["ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding"].includes(x.kind))) {
    fail(where(o), "only admission policies and their bindings belong here");
  }
  const cc = find(rendered, "ConfigMap", "clusterconfig")?.data ?? {};
  const configured = ["sparkimage", "metrics.carbon", "metrics.graphite", "scorpionstare.image"].map((key) => {
    if (!cc[key]) fail("openshift: clusterconfig", `${key} must be set: the admission policies pin it`);
    return cc[key];
  }).filter(Boolean);
  for (const want of POLICIES) {
    const policy = find(objs, "ValidatingAdmissionPolicy", want.name);
    if (!policy) {
      fail(ADMIN, `ValidatingAdmissionPolicy/${want.name} is missing: oshinko would start any image a request names`);
      continue;
    }
    const w = where(policy);
    const spec = policy.spec ?? {};
    if (spec.failurePolicy !== "Fail") fail(w, "failurePolicy must be Fail");
    const rules = spec.matchConstraints?.resourceRules ?? [];
    const covers = (op) => rules.some((r) => (r.apiGroups ?? []).includes(want.group)
      && (r.resources ?? []).includes(want.resource) && (r.operations ?? []).some((x) => x === op || x === "*"));
    for (const op of ["CREATE", "UPDATE"]) {
      if (!covers(op)) fail(w, `must match ${op} of ${want.resource} (${want.group || "core"})`);
    }
    const who = (spec.matchConditions ?? []).map((c) => c.expression).join(" && ");
    if (!who.includes(want.who)) fail(w, `matchConditions must select on ${want.who}`);
    let allowed = [];
    try {
      allowed = JSON.parse((spec.variables ?? []).find((v) => v.name === "allowed")?.expression ?? "");
    } catch {
      fail(w, "variable allowed must be a list of image strings");
    }
    for (const i of allowed) if (!configured.includes(i)) fail(w, `allows ${i}, which clusterconfig does not name`);
    for (const i of configured) if (!allowed.includes(i)) fail(w, `does not allow ${i}, which clusterconfig names: clusters would fail`);
    // CEL is not evaluated here: the reviewed expressions must be there verbatim.
    const variable = (name) => (spec.variables ?? []).find((v) => v.name === name)?.expression?.replace(/\s+/g, " ").trim();
    if (variable("resolved") !== POLICY_RESOLVED) fail(w, `variable resolved must be ${POLICY_RESOLVED}`);
    if (variable("containers") !== want.containers) fail(w, `variable containers must be ${want.containers}`);
    if (!(spec.validations ?? []).some((v) => v.expression === POLICY_VALIDATION)) {
      fail(w, `no validation checks every container's image: expected ${POLICY_VALIDATION}`);
    }
    const binding = objs.find((o) => o.kind === "ValidatingAdmissionPolicyBinding" && o.spec?.policyName === want.name);
    if (!binding) fail(w, "no ValidatingAdmissionPolicyBinding uses it: it would never run");
    else if (!(binding.spec?.validationActions ?? []).includes("Deny")) fail(where(binding), "validationActions must include Deny");
  }
}

// ---------------------------------------------------------------- main

/** Validates every manifest under `dir`: { problems, documents, files, rendered (kustomize output size), objects (that output) }. */
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
    // cluster-admin/ is its own kustomization (cluster-scoped objects), applied by a cluster administrator.
    const unused = [...byFile.keys()].filter((f) => f !== "kustomization.yaml" && f !== "kubernetes.yml"
      && !f.startsWith(`${ADMIN}/`) && !(kustomization.resources ?? []).includes(f));
    for (const f of unused) fail("kustomization.yaml", `${f} is not listed in resources`);
    rendered = renderKustomization(kustomization, byFile);
    for (const o of rendered) await validateSchema(o);
    checkServiceDeployment(rendered, "openshift");
    checkRoute(rendered);
    checkOshinko(rendered);
    checkClusterConfig(rendered);
    checkImages(rendered);
    checkPodSecurity(rendered);
    checkNoSccGrant(rendered);
    checkNetworkPolicies(rendered);
    checkClosedPaths(rendered);
    checkMonitoring(rendered);
    checkImagePolicy(byFile, rendered);
    if (find(rendered, "ImageStream", "openjdk-17")) fail("kustomization.yaml", "ImageStream openjdk-17 is not deleted");
  }
  let native = [];
  const nativeDir = join(repoRoot, NATIVE);
  if (kustomization && existsSync(nativeDir)) {
    native = await checkNative(nativeDir, renderKustomization(kustomization, byFile));
  }
  for (const file of ["openshift.yml", "kubernetes.yml"]) {
    if (!byFile.has(file)) fail(file, "generated manifest missing: run ./mvnw -B verify -Dsparkvar.manifests.update=true");
    else checkReproducible(byFile.get(file), file);
  }
  checkServiceDeployment(byFile.get("kubernetes.yml") ?? [], "kubernetes");
  checkPodSecurity(byFile.get("kubernetes.yml") ?? []);
  // The images behind runAsNonRoot: the service's and the Spark clusters' (oshinko creates those pods
  // without a securityContext; restricted-v2, which nothing here may bypass, supplies it).
  checkDockerfileUser("service/src/main/docker/Dockerfile.jvm");
  checkDockerfileUser("kubernetes/spark-image/Dockerfile");
  return { problems, documents, files: files.length, rendered: rendered.length, objects: rendered, native };
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
  if (r.native.length > 0) console.log(`validate: oc apply -k ${NATIVE}/ renders ${r.native.length} objects`);
  console.log(`validate: ${r.documents} documents in ${r.files} files under ${dir} are valid`);
}
