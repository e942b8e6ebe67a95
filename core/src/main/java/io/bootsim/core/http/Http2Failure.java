package io.bootsim.core.http;

import java.io.IOException;

/**
 * An HTTP/2 stream that ended without its whole response, carrying Go's text for why, and whether
 * the server never processed it: then Go's transport sends the request again on another connection
 * (golang.org/x/net/http2 transport.go canRetryError: errClientConnGotGoAway, errClientConnUnusable,
 * REFUSED_STREAM).
 */
final class Http2Failure extends IOException {

    private final boolean unprocessed;

    Http2Failure(String goText, boolean unprocessed) {
        super(goText);
        this.unprocessed = unprocessed;
    }

    /** Whether {@code cause} is a request the server never processed, safe to send again. */
    static boolean unprocessed(Throwable cause) {
        return cause instanceof Http2Failure failure && failure.unprocessed;
    }
}
