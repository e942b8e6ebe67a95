package io.bootsim.apiserver.authorization;

/**
 * An authorizer's verdict with its reason (the binding, policy line or rule that decided, or why
 * nothing did). Only Allow lets a request through; upstream's built-in authorizers never Deny
 * except Webhook (k8s.io/apiserver pkg/authorization/authorizer/interfaces.go).
 */
public sealed interface Decision {

    String reason();

    record Allow(String reason) implements Decision {
    }

    record Deny(String reason) implements Decision {
    }

    /** Neither allowed nor denied; {@code error} is non-null when the authorizer failed. */
    record NoOpinion(String reason, String error) implements Decision {
        public NoOpinion(String reason) {
            this(reason, null);
        }
    }

    static Decision allow(String reason) {
        return new Allow(reason);
    }

    static Decision noOpinion(String reason) {
        return new NoOpinion(reason);
    }

    default boolean allowed() {
        return this instanceof Allow;
    }
}
