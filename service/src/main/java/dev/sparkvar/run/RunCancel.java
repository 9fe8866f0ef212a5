package dev.sparkvar.run;

import io.smallrye.mutiny.Uni;

import java.util.concurrent.CompletableFuture;

/** A user's cancel of one run: a flag the flow checks between steps and a signal that ends the step in progress. */
final class RunCancel {

    private final CompletableFuture<Void> signal = new CompletableFuture<>();
    private volatile boolean requested;

    boolean isRequested() {
        return requested;
    }

    void request() {
        requested = true;
        signal.complete(null);
    }

    /**
     * Completes when a user cancels the run. A fresh stage each call: a Uni made from it cancels the stage it
     * was given when it loses a race, and that must not look like a user's cancel.
     */
    CompletableFuture<Void> requested() {
        return signal.thenApply(ignored -> null);
    }

    /** Fails with {@link RunCancelledException} as soon as the run is cancelled, cancelling {@code step}. */
    <T> Uni<T> cancellable(Uni<T> step) {
        Uni<T> cancelled = Uni.createFrom().completionStage(requested())
                .onItem().<T>transformToUni(ignored -> Uni.createFrom().failure(new RunCancelledException()));
        return Uni.combine().any().of(step, cancelled);
    }
}
