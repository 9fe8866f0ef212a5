package dev.sparkvar.oshinko;

/** One pod of a cluster as oshinko lists it: {@code type} is master or worker, {@code status} the phase. */
public record Pod(String ip, String type, String status) {
}
