package dev.sparkvar;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The dependency rule of the service's packages (README, "How the code is laid out"): features point one way,
 * towards the cluster port and the leaves, only {@code local} knows the embedded default, and only the wiring
 * knows the Kubernetes backend.
 */
class ArchitectureTests {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.sparkvar");

    @Test
    void noPackageCycles() {
        slices().matching("dev.sparkvar.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void clustersMetricsAndElasticNeverReachIntoRuns() {
        noClasses().that().resideInAnyPackage("dev.sparkvar.cluster..", "dev.sparkvar.metrics..",
                        "dev.sparkvar.elastic..", "dev.sparkvar.oshinko..")
                .should().dependOnClassesThat().resideInAPackage("dev.sparkvar.run..")
                .check(MAIN);
    }

    @Test
    void onlyTheEmbeddedDefaultKnowsItself() {
        noClasses().that().resideOutsideOfPackages("dev.sparkvar.local..", "dev.sparkvar")
                .should().dependOnClassesThat().resideInAPackage("dev.sparkvar.local..")
                .check(MAIN);
    }

    @Test
    void runsAndTheElasticLoopUseThePortNotTheAdapter() {
        noClasses().that().resideInAnyPackage("dev.sparkvar.run..", "dev.sparkvar.elastic..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.sparkvar.oshinko..", "dev.sparkvar.local..")
                .check(MAIN);
    }

    @Test
    void theElasticLoopReadsItsDemandThroughThePortNotAMetricsStore() {
        noClasses().that().resideInAPackage("dev.sparkvar.elastic..")
                .should().dependOnClassesThat().resideInAPackage("dev.sparkvar.metrics..")
                .check(MAIN);
    }

    @Test
    void theKubernetesBackendKnowsOnlyThePort() {
        noClasses().that().resideInAPackage("dev.sparkvar.kube..")
                .should().dependOnClassesThat(resideInAPackage("dev.sparkvar..")
                        .and(not(resideInAnyPackage("dev.sparkvar.cluster..", "dev.sparkvar.kube.."))))
                .check(MAIN);
    }

    @Test
    void onlyTheWiringKnowsTheKubernetesBackend() {
        noClasses().that().resideOutsideOfPackages("dev.sparkvar.kube..", "dev.sparkvar")
                .should().dependOnClassesThat().resideInAPackage("dev.sparkvar.kube..")
                .check(MAIN);
    }

    @Test
    void theClusterPortDependsOnNoOtherFeature() {
        noClasses().that().resideInAPackage("dev.sparkvar.cluster..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.sparkvar.oshinko..", "dev.sparkvar.metrics..",
                        "dev.sparkvar.local..", "dev.sparkvar.run..", "dev.sparkvar.elastic..", "dev.sparkvar.dataset..")
                .check(MAIN);
    }

    @Test
    void theServiceNeverLoadsTheJobOrSpark() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.sparkvar.job..", "org.apache.spark..",
                        "scala..")
                .check(MAIN);
    }

    @Test
    void featuresTakeTheirConfigGroupNotTheRoot() {
        noClasses().that().resideOutsideOfPackage("dev.sparkvar")
                .should().dependOnClassesThat().resideInAPackage("dev.sparkvar")
                .check(MAIN);
    }

    @Test
    void accessIsALeafBesideProblem() {
        noClasses().that().resideInAPackage("dev.sparkvar.access..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.sparkvar.run..", "dev.sparkvar.local..",
                        "dev.sparkvar.oshinko..", "dev.sparkvar.cluster..", "dev.sparkvar.metrics..",
                        "dev.sparkvar.elastic..", "dev.sparkvar.dataset..", "dev.sparkvar.ownership..",
                        "dev.sparkvar.spark..", "dev.sparkvar.server..")
                .check(MAIN);
    }
}
