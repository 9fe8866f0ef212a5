package dev.sparkvar.dataset;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.util.List;

/** The folders whose data sets a run may name; nothing outside them can be read through a request. */
@ConfigMapping(prefix = "sparkvar.datasets")
public interface DatasetsConfig {

    /**
     * Data folders, searched in order. Default: the job module's bundled sample folder
     * ({@code ${sparkvar.job.home}/data}) and {@code data/datasets}.
     */
    @WithDefault("${sparkvar.job.home:spark-job/target}/data,data/datasets")
    List<Path> dirs();

    /** The data set a run uses when it names none. Default {@code dowjones30.csv}, the bundled sample. */
    @WithDefault("dowjones30.csv")
    String defaultName();
}
