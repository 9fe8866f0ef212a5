package dev.sparkvar.testing;

import dev.sparkvar.run.ScriptedJobs;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;
import java.util.Set;

/**
 * The fast tier's one Quarkus boot (issue 20): the real service (HTTP, SSE, access, admission, the run flow, the
 * store) with two stand-ins of its outer edges, an in-memory cluster backend ({@link InMemoryClusters}) and scripted
 * jobs ({@link ScriptedJobs}), so that each run takes milliseconds. Two runs at once and two waiting; create and job
 * timeouts short, yet long enough for a test to act while a run holds its slot on a loaded machine. Every fast-tier test class uses this
 * profile unchanged, so they share the boot.
 */
public class FastTier implements QuarkusTestProfile {

    public static final String DIR = "target/fast-tier-runs";

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(InMemoryClusters.class, ScriptedJobs.class);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("sparkvar.admission.max-running", "2",
                "sparkvar.runs.delete-attempts", "2",
                "sparkvar.runs.reaper-interval", "200ms",
                "sparkvar.runs.reaper-max-backoff", "400ms",
                "sparkvar.admission.queue-size", "2",
                "sparkvar.runs.create-timeout", "5s",
                "sparkvar.runs.job-timeout", "8s",
                "sparkvar.runs.dir", DIR,
                "sparkvar.ownership.dir", DIR + "/.owned");
    }
}
