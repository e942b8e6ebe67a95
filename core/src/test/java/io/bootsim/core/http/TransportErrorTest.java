package io.bootsim.core.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.net.ssl.SSLHandshakeException;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TransportErrorTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "Received fatal alert: internal_error",                    // Java 17
            "(internal_error) Received fatal alert: internal_error",   // Java 21 and later
            "error:10000438:SSL routines:OPENSSL_internal:TLSV1_ALERT_INTERNAL_ERROR"}) // BoringSSL
    void aReceivedAlertReadsAsGoReportsItWhicheverTlsStackSawIt(String message) {
        TransportError error = TransportError.from(new SSLHandshakeException(message), "127.0.0.1", 10250,
                GoErrorTexts.newest());
        assertEquals("remote error: tls: internal error", error.message());
    }
}
