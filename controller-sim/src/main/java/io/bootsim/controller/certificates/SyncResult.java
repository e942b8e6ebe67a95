package io.bootsim.controller.certificates;

/**
 * How handling one CSR ended. An error requeues the key with rate limiting; an ignorable one is
 * logged only at V(4) (the approver's "recognized ... but subject access review was not approved").
 */
public sealed interface SyncResult {

    SyncResult DONE = new Done();

    record Done() implements SyncResult {
    }

    record Failed(String message, boolean ignorable) implements SyncResult {
    }

    static SyncResult error(String message) {
        return new Failed(message, false);
    }

    static SyncResult ignorable(String message) {
        return new Failed(message, true);
    }
}
