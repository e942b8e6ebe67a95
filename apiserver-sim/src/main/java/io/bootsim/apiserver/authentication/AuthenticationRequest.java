package io.bootsim.apiserver.authentication;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What authentication reads from a request: the Authorization header values in order and the
 * certificate chain the client presented in the TLS handshake (leaf first; empty for plain HTTP or
 * no client certificate).
 */
public record AuthenticationRequest(List<String> authorizationHeaders, List<X509Certificate> peerCertificates) {

    public AuthenticationRequest {
        authorizationHeaders = List.copyOf(authorizationHeaders);
        peerCertificates = List.copyOf(peerCertificates);
    }

    /** Go's Header.Get: the first value, or null. */
    String authorization() {
        return authorizationHeaders.isEmpty() ? null : authorizationHeaders.get(0);
    }
}
