package dev.sparkvar.kube;

import java.net.URI;

/**
 * Where this service reaches a cluster's master: the {@code spark://} address its driver connects to and the web UI
 * whose {@code /json/} counts the workers. Known when the cluster is made, before its master runs, as a Service's
 * name is. Production uses {@link ServiceDnsAddresses} (the master's Service by its DNS name, Spark's ports).
 * <p>
 * Why a seam at all: the tests have no cluster DNS. Their kubelet harness runs the "pods" as local processes on
 * 127.0.0.1, on ports it chooses because many pods share one host there, and replaces this bean with an
 * {@code @Alternative} (enabled by the test profile only) that says where its master listens. Nothing in
 * production changes with it: the one bean there answers what the adapter always answered.
 */
@FunctionalInterface
public interface MasterAddresses {

    /** The master of {@code cluster} in {@code namespace}. */
    Address of(String namespace, String cluster);

    /** A master's host, Spark RPC port and web UI port. */
    record Address(String host, int port, int webPort) {

        /** What a driver or worker connects to. */
        public String url() {
            return "spark://" + host + ":" + port;
        }

        public String webUrl() {
            return "http://" + host + ":" + webPort;
        }

        /** The master's JSON status ({@code aliveworkers}). */
        public URI statusUrl() {
            return URI.create(webUrl() + "/json/");
        }
    }
}
