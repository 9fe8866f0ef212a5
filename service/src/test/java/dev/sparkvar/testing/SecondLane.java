package dev.sparkvar.testing;

import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * The service's tests run in three lanes side by side (issue 20: the suite in at most 10 minutes on 2 cores). Most of
 * a real-process test's time is waiting (a JVM starting, a worker registering, a grace period running out), so test
 * JVMs side by side use the cores those waits leave idle (with two lanes, the suite used 153 % of the 2 cores).
 *
 * <p>Why suites: surefire with several forks hands each fork one class at a time, and Quarkus then restarts for every
 * class (quarkusio/quarkus#43979). A suite is one class to surefire, so each fork runs its whole lane in one JUnit
 * session and Quarkus boots once per test profile of the lane.
 *
 * <p>This lane holds the classes named here: the warm pool, the fault matrix and timeouts (real processes, each with
 * a profile of its own), the local backend's real clusters and the class-sharing tests (no Quarkus). {@link ThirdLane}
 * names its own; {@link FirstLane} runs everything else. A test profile whose settings name a fixed folder
 * ({@link FastTier}, the fault profiles) must have all its classes in one lane; every other profile's folders are per
 * fork (surefire sets {@code test-fork}, application.properties puts it in {@code %test.sparkvar.runs.dir}), so a
 * lane's start-up sweep never touches another lane's processes.
 */
@Suite
@SelectPackages("dev.sparkvar")
@IncludeClassNamePatterns(SecondLane.CLASSES)
public class SecondLane {

    /** The second lane's classes, by fully qualified name (a regular expression JUnit matches whole). */
    public static final String CLASSES = "dev\\.sparkvar\\.("
            + "pool\\.PoolTests"
            + "|run\\.(FaultMatrixTests|FaultTimeoutTests)"
            + "|local\\.LocalClusterTests"
            + "|cds\\.ClassArchivesTests"
            + ")";
}
