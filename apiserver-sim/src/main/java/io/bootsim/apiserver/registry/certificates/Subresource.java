package io.bootsim.apiserver.registry.certificates;

/** Which endpoint an update came through; each has its own strategy and validation options. */
public enum Subresource {
    /** PUT/PATCH on the object itself: only metadata changes stick. */
    MAIN(""),
    /** {@code /status}: the signer's endpoint (certificate, Failed and custom conditions). */
    STATUS("status"),
    /** {@code /approval}: the approver's endpoint (Approved and Denied conditions). */
    APPROVAL("approval");

    private final String path;

    Subresource(String path) {
        this.path = path;
    }

    /** The subresource as it appears in the URL and in authorization attributes; "" for MAIN. */
    public String path() {
        return path;
    }
}
