package dev.sparkvar;

import dev.sparkvar.access.AccessConfig;
import dev.sparkvar.cds.ClassSharingConfig;
import dev.sparkvar.dataset.DatasetsConfig;
import dev.sparkvar.elastic.ElasticConfig;
import dev.sparkvar.kube.KubeConfig;
import dev.sparkvar.local.LocalConfig;
import dev.sparkvar.metrics.GraphiteConfig;
import dev.sparkvar.metrics.WorkersConfig;
import dev.sparkvar.oshinko.OshinkoConfig;
import dev.sparkvar.ownership.OwnershipConfig;
import dev.sparkvar.pool.PoolConfig;
import dev.sparkvar.run.AdmissionConfig;
import dev.sparkvar.run.DriverConfig;
import dev.sparkvar.run.RunsConfig;
import dev.sparkvar.spark.SparkInstallConfig;
import io.smallrye.config.ConfigMapping;

/**
 * Every setting of the service, under one root {@code sparkvar}: the tree of every group, each an interface in the
 * feature it configures with its defaults documented there.
 * <p>
 * Why each group is also a {@code @ConfigMapping} of its own ({@code prefix = "sparkvar.<method name>"}), injected
 * directly: a feature must not import this root (it imports every feature's group, so that would be a package cycle;
 * {@code ArchitectureTests}), and SmallRye Config (3.x) maps the same properties into as many mappings as name them,
 * so a feature asks for its group by type with no producer in between. This root stays registered because it is
 * what makes the whole {@code sparkvar} namespace checked: with only the groups' prefixes, a misspelt group
 * ({@code sparkvar.runz.dir}) maps to no prefix and is silently ignored; under this root it fails start-up
 * ("does not map to any root"), as a misspelt key inside a group does. So there are two kinds of mapping but one
 * root of truth: the groups' prefixes are this interface's method names, which {@code SparkvarConfigTests} checks.
 * The composition root (this package) may inject it; nothing else does.
 */
@ConfigMapping(prefix = "sparkvar")
public interface SparkvarConfig {

    /** {@code sparkvar.oshinko.*}: where the oshinko server is and how patiently we talk to it. */
    OshinkoConfig oshinko();

    /** {@code sparkvar.kube.*}: the native Kubernetes backend (no oshinko server), when enabled. */
    KubeConfig kube();

    /** {@code sparkvar.graphite.*}: render queries. */
    GraphiteConfig graphite();

    /** {@code sparkvar.workers.*}: the worker-registration wait. */
    WorkersConfig workers();

    /** {@code sparkvar.local.*}: the embedded default backend. */
    LocalConfig local();

    /** {@code sparkvar.elastic.*}: the elastic-worker loop. */
    ElasticConfig elastic();

    /** {@code sparkvar.job.*}: where the job module's build output is. */
    SparkInstallConfig job();

    /** {@code sparkvar.class-sharing.*}: the Spark JVMs' class-sharing archives (README, "Class data sharing"). */
    ClassSharingConfig classSharing();

    /** {@code sparkvar.runs.*}: runs, their limits and timeouts. */
    RunsConfig runs();

    /** {@code sparkvar.admission.*}: how many runs hold a cluster at once and how many may wait. */
    AdmissionConfig admission();

    /** {@code sparkvar.driver.*}: the job driver's Spark configuration on a cluster. */
    DriverConfig driver();

    /** {@code sparkvar.datasets.*}: the data folders a run may read. */
    DatasetsConfig datasets();

    /** {@code sparkvar.ownership.*}: the ledger of processes we start, swept after a crash. */
    OwnershipConfig ownership();

    /** {@code sparkvar.pool.*}: the warm pool of ready clusters and standby job JVMs. */
    PoolConfig pool();

    /** {@code sparkvar.access.*}: tokens, anonymous reading, the host names served, sessions, allowed masters. */
    AccessConfig access();
}
