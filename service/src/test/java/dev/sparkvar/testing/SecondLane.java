package dev.sparkvar.testing;

import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * The service's tests run in two lanes side by side (issue 20: the suite in at most 10 minutes on 2 cores). Most of
 * a real-process test's time is waiting (a JVM starting, a worker registering, a grace period running out), so two
 * test JVMs at once use the machine's second core.
 *
 * <p>Why suites: surefire with two forks hands each fork one class at a time, and Quarkus then restarts for every
 * class (quarkusio/quarkus#43979). A suite is one class to surefire, so each fork runs its whole lane in one JUnit
 * session and Quarkus boots once per test profile, as in one fork.
 *
 * <p>This lane holds the classes named here: the real-process classes with a test profile of their own (so this lane
 * boots the default profile never), and the class-sharing tests (no Quarkus). {@link FirstLane} runs everything else.
 * A test profile whose settings name a fixed folder ({@link FastTier}, the fault profiles) must have all its classes
 * in one lane; every other profile's folders are per fork (surefire sets {@code test-fork}, application.properties
 * puts it in {@code %test.sparkvar.runs.dir}), so a lane's start-up sweep never touches the other lane's processes.
 */
@Suite
@SelectPackages("dev.sparkvar")
@IncludeClassNamePatterns(SecondLane.CLASSES)
public class SecondLane {

    /** The second lane's classes, by fully qualified name (a regular expression JUnit matches whole). */
    public static final String CLASSES = "dev\\.sparkvar\\.("
            + "pool\\.PoolTests"
            + "|run\\.(FaultMatrixTests|FaultTimeoutTests|BoundedStateTests|RestartTests)"
            + "|elastic\\.ElasticWorkersTests"
            + "|kube\\.(KubeBackendTests|KubeletRunTests)"
            + "|cds\\.ClassArchivesTests"
            + ")";
}
