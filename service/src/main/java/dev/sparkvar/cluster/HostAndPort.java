package dev.sparkvar.cluster;

/** A TCP address, e.g. a cluster's carbon receiver. */
public record HostAndPort(String host, int port) {

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
