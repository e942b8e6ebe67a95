package io.bootsim.apiserver.authorization;

/**
 * An authorizer's verdict with its reason (the binding, policy line or rule that decided, or why
 * nothing did). Only Allow lets a request through; upstream's built-in authorizers never Deny
 * except Webhook (k8s.io/apiserver pkg/authorization/authorizer/interfaces.go).
 */
public sealed interface Decision {

    /** The reason upstream returns (SubjectAccessReview status.reason, the 403 message suffix). */
    String reason();

    /** What the trace says about this verdict: the reason, or a richer basis where upstream's reason is empty. */
    String explain();

    /**
     * @param basis what decided, for the trace only, where upstream gives no reason (e.g. the ABAC
     *              policy line); empty when {@code reason} says it all
     */
    record Allow(String reason, String basis) implements Decision {
        public Allow {
            reason = reason == null ? "" : reason;
            basis = basis == null ? "" : basis;
        }

        public Allow(String reason) {
            this(reason, "");
        }

        @Override
        public String explain() {
            return basis.isEmpty() ? reason : basis;
        }
    }

    record Deny(String reason) implements Decision {
        @Override
        public String explain() {
            return reason;
        }
    }

    /** Neither allowed nor denied; {@code error} is non-null when the authorizer failed. */
    record NoOpinion(String reason, String error) implements Decision {
        public NoOpinion {
            reason = reason == null ? "" : reason;
        }

        public NoOpinion(String reason) {
            this(reason, null);
        }

        @Override
        public String explain() {
            return reason;
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

    /** The error an authorizer reported with this verdict, or null. */
    default String error() {
        return this instanceof NoOpinion n ? n.error() : null;
    }
}
