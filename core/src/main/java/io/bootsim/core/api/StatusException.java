package io.bootsim.core.api;

/**
 * An API error on its way to the client: the Status is the whole answer (code, reason, message),
 * exactly as the handler must write it. {@link #getMessage()} is the Status message, or a more
 * precise internal detail where upstream keeps the detail out of the body (a failed JSON patch).
 */
public final class StatusException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final transient Status status;

    public StatusException(Status status) {
        this(status, status.message());
    }

    public StatusException(Status status, String detail) {
        super(detail, null, false, false);
        this.status = status;
    }

    public Status status() {
        return status;
    }
}
