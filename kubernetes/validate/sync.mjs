// Fails when the manifests committed under kubernetes/ differ from the ones the service build just generated
// (service/target/kubernetes/), or writes them with --update. Quarkus 3.34.1 orders some labels differently
// from one build to the next (same content, different bytes), so both sides are compared in a canonical
// form: every YAML map's keys sorted. The committed files are that form, byte for byte.
//   node sync.mjs <generated dir> <committed dir> [--update | true]      (after npm ci: needs "yaml")
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { isMap, isSeq, parseAllDocuments } from "yaml";

/** Lists whose order means nothing and which Quarkus 3.34.1 writes in either order (a container's ports). */
const UNORDERED = new Set(["ports"]);

/** Sorts the keys of every map under a YAML node, and the items of the unordered lists, in place. */
function sortKeys(node, key) {
  if (isMap(node)) {
    node.items.sort((a, b) => String(a.key?.value ?? a.key).localeCompare(String(b.key?.value ?? b.key), "en"));
    node.items.forEach((pair) => sortKeys(pair.value, String(pair.key?.value ?? pair.key)));
  } else if (isSeq(node)) {
    node.items.forEach((item) => sortKeys(item));
    if (UNORDERED.has(key)) {
      node.items.sort((a, b) => String(a).localeCompare(String(b), "en"));
    }
  }
}

/** The canonical text of a multi-document YAML file: keys sorted, no re-folding of long lines. */
export function canonical(text) {
  const docs = parseAllDocuments(text);
  const out = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) throw new Error(`YAML error: ${doc.errors[0].message}`);
    if (doc.contents === null) continue;
    sortKeys(doc.contents);
    out.push(`---\n${doc.toString({ lineWidth: 0 }).replace(/^---\n/, "")}`);
  }
  return out.join("");
}

const FILES = ["openshift.yml", "kubernetes.yml"];
const REFRESH = "./mvnw -B verify -Dsparkvar.manifests.update=true";

const [generatedDir, committedDir, updateArg] = process.argv.slice(2);
if (!generatedDir || !committedDir) {
  console.error("usage: node sync.mjs <generated dir> <committed dir> [--update|true]");
  process.exit(2);
}
const update = updateArg === "--update" || updateArg === "true";

/** The first differing line of two texts, 1-based, with both versions, for the failure message. */
function firstDifference(a, b) {
  const la = a.split("\n");
  const lb = b.split("\n");
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) {
      return `line ${i + 1}: committed ${JSON.stringify(la[i] ?? "<end of file>")}, `
        + `generated ${JSON.stringify(lb[i] ?? "<end of file>")}`;
    }
  }
  return "same lines, different bytes (line endings?)";
}

let stale = 0;
for (const name of FILES) {
  const generated = resolve(generatedDir, name);
  const committed = resolve(committedDir, name);
  if (!existsSync(generated)) {
    console.error(`manifest sync: ${generated} missing: run the service module's package first`);
    process.exit(1);
  }
  const want = Buffer.from(canonical(readFileSync(generated, "utf8")), "utf8");
  if (existsSync(committed) && want.equals(readFileSync(committed))) {
    console.log(`manifest sync: ${join(committedDir, name)} matches the build`);
    continue;
  }
  if (update) {
    writeFileSync(committed, want);
    console.log(`manifest sync: updated ${committed}`);
    continue;
  }
  stale++;
  const why = existsSync(committed)
    ? firstDifference(readFileSync(committed, "utf8"), want.toString("utf8"))
    : "not committed yet";
  console.error(`manifest sync: ${committed} differs from the build's ${generated}, keys sorted (${why})`);
}
if (stale > 0) {
  console.error(`manifest sync: ${stale} generated manifest(s) out of date; refresh them with\n  ${REFRESH}\n`
    + "then review and commit kubernetes/*.yml");
  process.exit(1);
}
