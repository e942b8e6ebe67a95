package io.bootsim.core.http;

/**
 * A client's dials, each one TLS connection attempted with a full handshake. An abandoned dial never gave
 * the client a connection to use: the TCP connect failed, or the server did not finish the TLS handshake
 * within client-go's 10 s (net/http's TLSHandshakeTimeout), and the client dialled again as Go's does. A
 * replacing dial took the place of an h2 connection the server ended (GOAWAY, or closed), as Go's transport
 * dials anew for the next request. A bench counts both apart from the connections a client kept, so a
 * server that is slow to handshake or closes connections is not mistaken for a client that dials more
 * than it needs.
 */
public record Dials(int opened, int abandoned, int replacing) {

    public static final Dials NONE = new Dials(0, 0, 0);

    public Dials plus(Dials other) {
        return new Dials(opened + other.opened, abandoned + other.abandoned, replacing + other.replacing);
    }

    /** Dials neither abandoned nor replacing a connection the server ended: the connections the client kept. */
    public int kept() {
        return opened - abandoned - replacing;
    }

    /** Dials after one abandoned or one the server ended: the client's own redials, which Go's makes too. */
    public int redials() {
        return abandoned + replacing;
    }
}
