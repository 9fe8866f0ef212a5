// Fails when the manifests committed under kubernetes/ differ from the ones the service build just generated
// (service/target/kubernetes/), or copies them over with --update. No dependencies: runs before `npm ci`.
//   node sync.mjs <generated dir> <committed dir> [--update | true]
import { copyFileSync, existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

const FILES = ["openshift.yml", "kubernetes.yml"];
const REFRESH = "./mvnw -B -pl service verify -Dsparkvar.manifests.update=true";

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
  const want = readFileSync(generated);
  if (existsSync(committed) && want.equals(readFileSync(committed))) {
    console.log(`manifest sync: ${join(committedDir, name)} matches the build`);
    continue;
  }
  if (update) {
    copyFileSync(generated, committed);
    console.log(`manifest sync: updated ${committed}`);
    continue;
  }
  stale++;
  const why = existsSync(committed)
    ? firstDifference(readFileSync(committed, "utf8"), want.toString("utf8"))
    : "not committed yet";
  console.error(`manifest sync: ${committed} differs from the build's ${generated} (${why})`);
}
if (stale > 0) {
  console.error(`manifest sync: ${stale} generated manifest(s) out of date; refresh them with\n  ${REFRESH}\n`
    + "then review and commit kubernetes/*.yml");
  process.exit(1);
}
