package dev.sparkvar.local;

import dev.sparkvar.oshinko.ClusterConfig;
import dev.sparkvar.cluster.ClusterConflictException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Oshinko's config resolution order and 409 texts, on the shipped configs and on a config folder. */
class ClusterConfigResolverTests {

    private static final String TITLE = "cannot create cluster";

    @TempDir
    Path dir;

    private ClusterConfigResolver shipped() {
        return new ClusterConfigResolver(new NamedConfigs(Optional.empty()));
    }

    private ClusterConfigResolver withDir() {
        return new ClusterConfigResolver(new NamedConfigs(Optional.of(dir)));
    }

    private void write(String name, String content) throws IOException {
        Files.writeString(dir.resolve(name + ".properties"), content);
    }

    private static ClusterConfig request(String name, Integer workers) {
        return new ClusterConfig(name, null, workers, null, null, null, null, null, null, null);
    }

    @Test
    void notebooksClusterconfigTurnsMetricsAndScorpionStareOn() {
        ClusterConfigResolver.Resolved r = shipped().resolve(ClusterConfig.named("clusterconfig"), TITLE);
        ClusterConfig c = r.config();
        assertEquals("clusterconfig", c.name());
        assertEquals(1, c.masterCount());
        assertEquals(1, c.workerCount(), "the notebook gets the default count of 1");
        assertTrue(c.metricsEnabled());
        assertTrue(c.scorpionStareEnabled());
        assertEquals("masterconfig", c.sparkMasterConfig());
        assertEquals("workerconfig", c.sparkWorkerConfig());
        assertEquals(1, c.minWorkers());
        assertEquals(4, c.maxWorkers());
        assertEquals("false", r.masterSpark().get("spark.master.rest.enabled"), "masterconfig's Spark properties");
        assertEquals("docker.io/tmckay/scorpionstare", c.scorpionstare().image(), "[F]'s hard default");
    }

    @Test
    void noNamedConfigMeansDefaultsAndMetricsOff() {
        ClusterConfig c = shipped().resolve(null, TITLE).config();
        assertEquals("default", c.name());
        assertEquals(1, c.workerCount());
        assertEquals(false, c.metricsEnabled());
        assertNull(c.maxWorkers());
    }

    @Test
    void laterSourcesWin() throws IOException {
        write("default", "workercount=2\nsparkimage=from-default\n");
        write("three", "workercount=3\n");
        assertEquals(2, withDir().resolve(null, TITLE).config().workerCount(), "default config over hard defaults");
        ClusterConfig named = withDir().resolve(ClusterConfig.named("three"), TITLE).config();
        assertEquals(3, named.workerCount(), "named config over default");
        assertEquals("from-default", named.sparkImage(), "default config still applies to other keys");
        assertEquals(4, withDir().resolve(request("three", 4), TITLE).config().workerCount(), "request over named");
        assertEquals(3, withDir().resolve(request("three", 0), TITLE).config().workerCount(), "0 means unset, as in oshinko");
    }

    @Test
    void configFolderShadowsShippedConfig() throws IOException {
        write("clusterconfig", "workercount=5\n");
        ClusterConfig c = withDir().resolve(ClusterConfig.named("clusterconfig"), TITLE).config();
        assertEquals(5, c.workerCount());
        assertEquals(false, c.metricsEnabled(), "the folder's file replaces the shipped one");
    }

    @Test
    void missingNamedConfigIs409WithOshinkosText() {
        ClusterConflictException e = assertThrows(ClusterConflictException.class,
                () -> shipped().resolve(ClusterConfig.named("nope"), TITLE));
        assertEquals(409, e.status());
        assertEquals(TITLE, e.title());
        assertEquals("invalid cluster configuration, error: named config 'nope' does not exist", e.details());
    }

    @Test
    void namesCannotEscapeTheConfigFolder() throws IOException {
        Files.writeString(dir.getParent().resolve("outside.properties"), "workercount=9\n");
        ClusterConflictException e = assertThrows(ClusterConflictException.class,
                () -> withDir().resolve(ClusterConfig.named("../outside"), TITLE));
        assertEquals("invalid cluster configuration, error: named config '../outside' does not exist", e.details());
    }

    @Test
    void badIntegerNamesConfigAndKey() throws IOException {
        write("bad", "workercount=two\n");
        ClusterConflictException e = assertThrows(ClusterConflictException.class,
                () -> withDir().resolve(ClusterConfig.named("bad"), TITLE));
        assertEquals("invalid cluster configuration, error: 'bad.workercount', expected integer", e.details());
    }

    @Test
    void workerCountBelowOneIsRefused() throws IOException {
        write("none", "workercount=-1\n");
        ClusterConflictException e = assertThrows(ClusterConflictException.class,
                () -> withDir().resolve(ClusterConfig.named("none"), TITLE));
        assertEquals("invalid cluster configuration, error: cluster configuration may not have a workerCount less than 1",
                e.details());
        assertThrows(ClusterConflictException.class, () -> shipped().resolve(request(null, -2), TITLE));
    }

    @Test
    void masterCountMustBeOne() throws IOException {
        write("twomasters", "mastercount=2\n");
        ClusterConflictException e = assertThrows(ClusterConflictException.class,
                () -> withDir().resolve(ClusterConfig.named("twomasters"), TITLE));
        assertEquals("invalid cluster configuration, error: cluster configuration must have a masterCount of 1", e.details());
    }

    @Test
    void missingSparkConfigIsNamed() throws IOException {
        write("nosparkconf", "sparkmasterconfig=nothere\n");
        ClusterConflictException e = assertThrows(ClusterConflictException.class,
                () -> withDir().resolve(ClusterConfig.named("nosparkconf"), TITLE));
        assertEquals("invalid cluster configuration, error: unable to find spark configuration 'nothere'", e.details());
    }

    @Test
    void elasticBoundsAreChecked() throws IOException {
        write("bounds", "minworkers=3\nmaxworkers=2\n");
        ClusterConflictException e = assertThrows(ClusterConflictException.class,
                () -> withDir().resolve(ClusterConfig.named("bounds"), TITLE));
        assertEquals("invalid cluster configuration, error: cluster configuration may not have a maxWorkers (2) less"
                + " than its minWorkers (3)", e.details());
    }

    @Test
    void unknownKeysAreIgnoredAsInF() throws IOException {
        write("extra", "workercount=2\nsomething.else=1\n");
        assertEquals(2, withDir().resolve(ClusterConfig.named("extra"), TITLE).config().workerCount());
    }
}
