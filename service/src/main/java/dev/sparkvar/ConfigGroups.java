package dev.sparkvar;

import dev.sparkvar.access.AccessConfig;
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
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Hands each feature its own group of {@link SparkvarConfig}, so no feature imports the root. */
@Singleton
public class ConfigGroups {

    private final SparkvarConfig config;

    public ConfigGroups(SparkvarConfig config) {
        this.config = config;
    }

    @Produces
    OshinkoConfig oshinko() {
        return config.oshinko();
    }

    @Produces
    KubeConfig kube() {
        return config.kube();
    }

    @Produces
    GraphiteConfig graphite() {
        return config.graphite();
    }

    @Produces
    WorkersConfig workers() {
        return config.workers();
    }

    @Produces
    LocalConfig local() {
        return config.local();
    }

    @Produces
    ElasticConfig elastic() {
        return config.elastic();
    }

    @Produces
    SparkInstallConfig job() {
        return config.job();
    }

    @Produces
    RunsConfig runs() {
        return config.runs();
    }

    @Produces
    AdmissionConfig admission() {
        return config.admission();
    }

    @Produces
    DriverConfig driver() {
        return config.driver();
    }

    @Produces
    DatasetsConfig datasets() {
        return config.datasets();
    }

    @Produces
    OwnershipConfig ownership() {
        return config.ownership();
    }

    @Produces
    PoolConfig pool() {
        return config.pool();
    }

    @Produces
    AccessConfig access() {
        return config.access();
    }
}
