package io.bootsim.core.http;

/**
 * A client's dials, each one TLS connection attempted with a full handshake. An abandoned dial never gave
 * the client a connection to use: the TCP connect failed, or the server did not finish the TLS handshake
 * within client-go's 10 s (net/http's TLSHandshakeTimeout), and the client dialled again as Go's does. A
 * bench counts those apart from the connections a client kept, so a server that is slow to handshake is
 * not mistaken for a client that dials more than it needs.
 */
public record Dials(int opened, int abandoned) {

    public static final Dials NONE = new Dials(0, 0);

    public Dials plus(Dials other) {
        return new Dials(opened + other.opened, abandoned + other.abandoned);
    }

    /** Dials not abandoned: connections the client got, or lost to any other failure. */
    public int kept() {
        return opened - abandoned;
    }
}
