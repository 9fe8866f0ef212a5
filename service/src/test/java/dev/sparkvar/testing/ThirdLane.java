package dev.sparkvar.testing;

import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * The third of the service's test lanes ({@link SecondLane} says why there are lanes and what keeps them apart): the
 * elastic loop, bounded state and restart (each a profile of its own), the Kubernetes-native backend with the kubelet
 * harness, and the browser's page.
 */
@Suite
@SelectPackages("dev.sparkvar")
@IncludeClassNamePatterns(ThirdLane.CLASSES)
public class ThirdLane {

    /** The third lane's classes, by fully qualified name (a regular expression JUnit matches whole). */
    public static final String CLASSES = "dev\\.sparkvar\\.("
            + "elastic\\.ElasticWorkersTests"
            + "|run\\.(BoundedStateTests|RestartTests)"
            + "|kube\\.(KubeBackendTests|KubeletRunTests)"
            + "|web\\.WebPageTests"
            + ")";
}
