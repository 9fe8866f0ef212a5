package dev.sparkvar.pool;

import io.smallrye.mutiny.subscription.Cancellable;

import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;

/** A slot being filled or ready; guarded by the pool's lock but for the futures. */
final class Slot {

    private static final SecureRandom RANDOM = new SecureRandom();

    final String id;
    final String cluster;
    /** Completed when the pool gives the slot up while it fills: the filling unmakes what it made. */
    final CompletableFuture<Void> givenUp = new CompletableFuture<>();
    WarmSlot ready;
    Cancellable filling;

    Slot(String id, String cluster) {
        this.id = id;
        this.cluster = cluster;
    }

    /** A new slot with fresh random names (the cluster's is a DNS label). */
    static Slot fresh() {
        return new Slot("slot-" + randomId(8), "cluster-" + randomId(4));
    }

    private static String randomId(int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            id.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return id.toString();
    }
}
