package io.bootsim.core.api;

/** An API error on its way to becoming an HTTP response: the Status says code, reason and message. */
public final class StatusException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final transient Status status;

    public StatusException(Status status) {
        super(status.message(), null, false, false);
        this.status = status;
    }

    public Status status() {
        return status;
    }
}
