package dev.sparkvar.job;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.sparkvar.jobapi.ExitCode;
import dev.sparkvar.jobapi.SparkJavaOptions;

/**
 * Java 17 needs {@code --add-opens} for Spark. {@code java -jar} gets them from the manifest's
 * {@code Add-Opens}; {@code java -cp sparkvar-job.jar <main>} does not, so such a main re-runs itself once
 * in a child JVM with Spark's options ({@link SparkJavaOptions}) and hands back the child's exit code.
 */
final class ModuleOpens {
    private ModuleOpens() {
    }

    /** True when the JVM already opens every package Spark needs to this (unnamed) module. */
    static boolean present() {
        Module us = ModuleOpens.class.getModule();
        for (String open : SparkJavaOptions.OPENS) {
            int slash = open.indexOf('/');
            boolean opened = ModuleLayer.boot().findModule(open.substring(0, slash))
                    .map(m -> m.isOpen(open.substring(slash + 1), us))
                    .orElse(true); // a module this JDK lacks needs no opening
            if (!opened) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns -1 when the opens are present (carry on in this JVM); otherwise runs {@code main} with the
     * same arguments in a child JVM that has them and returns its exit code.
     */
    static int relaunchIfNeeded(Class<?> main, String[] args) {
        if (present()) {
            return -1;
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(SparkJavaOptions.JAVA17);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(Arrays.asList(args));
        try {
            Process child = new ProcessBuilder(cmd).inheritIO().start();
            Thread stop = new Thread(child::destroy); // Ctrl-C or kill of this JVM ends the child too
            Runtime.getRuntime().addShutdownHook(stop);
            int code = child.waitFor(); // bounded by the child's own run: it is the whole job
            Runtime.getRuntime().removeShutdownHook(stop);
            return code;
        } catch (Exception e) {
            System.err.println("sparkvar: cannot start a JVM with Spark's --add-opens: " + e);
            return ExitCode.FAILURE.code();
        }
    }
}
