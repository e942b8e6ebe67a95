package io.bootsim.core.http;

import java.io.IOException;

/** An HTTP/2 stream that ended without its whole response, carrying Go's text for why. */
final class Http2Failure extends IOException {

    Http2Failure(String goText) {
        super(goText);
    }
}
