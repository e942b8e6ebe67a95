package io.bootsim.apiserver.authentication;

import io.bootsim.core.pki.CertificateFields;
import io.bootsim.core.pki.ClientCertificateVerifier;
import io.bootsim.core.time.Clock;
import io.bootsim.core.version.KubeVersion;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Client certificates ({@code --client-ca-file}): the TLS peer chain is verified against the client
 * CAs at the injected clock's time; the leaf's Subject CN is the user name and every Subject O a
 * group. A failed verification is an error (a 401 even with anonymous on); a verified leaf without CN
 * is "not authenticated", so the request can still fall through to anonymous.
 */
// upstream: staging/src/k8s.io/apiserver/pkg/authentication/request/x509/x509.go
public final class X509Authenticator {

    public static final String CREDENTIAL_ID_EXTRA = "authentication.kubernetes.io/credential-id";

    /** Enough for every node of a 5,000-node bench twice over (a certificate's DER, about 600 bytes, each). */
    private static final int REMEMBERED_LEAVES = 1 << 14;

    private final ClientCertificateVerifier verifier;
    private final Clock clock;
    private final KubeVersion version;
    private final AuthenticatedLeaves authenticated = new AuthenticatedLeaves(REMEMBERED_LEAVES);

    public X509Authenticator(List<X509Certificate> clientCAs, Clock clock, KubeVersion version) {
        this.verifier = new ClientCertificateVerifier(clientCAs, version);
        this.clock = clock;
        this.version = version;
    }

    public String name() {
        return "x509";
    }

    /** @param peerCertificates the chain the client sent in the TLS handshake, leaf first */
    public AuthenticationResult authenticate(List<X509Certificate> peerCertificates) {
        if (peerCertificates.isEmpty()) {
            return new AuthenticationResult.NotAuthenticated("no client certificate");
        }
        Instant now = clock.now();
        ByteBuffer leafOnly = peerCertificates.size() == 1 ? encoded(peerCertificates.get(0)) : null;
        if (leafOnly != null) {
            AuthenticationResult.Authenticated known = authenticated.at(leafOnly, now);
            if (known != null) {
                return known;
            }
        }
        List<X509Certificate> chain;
        try {
            chain = verifier.verify(peerCertificates, now);
        } catch (ClientCertificateVerifier.VerificationError e) {
            return new AuthenticationResult.Failed(e.getMessage());
        }
        AuthenticationResult result = commonNameUserConversion(chain.get(0));
        if (leafOnly != null && result instanceof AuthenticationResult.Authenticated user) {
            authenticated.remember(leafOnly, chain, user);
        }
        return result;
    }

    private static ByteBuffer encoded(X509Certificate certificate) {
        try {
            return ByteBuffer.wrap(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            return null; // not cached: verified the long way, which reports the problem
        }
    }

    private AuthenticationResult commonNameUserConversion(X509Certificate leaf) {
        CertificateFields.Subject subject = CertificateFields.subject(leaf);
        if (subject.commonName().isEmpty()) {
            return new AuthenticationResult.NotAuthenticated("client certificate has an empty common name");
        }
        String uid = "";
        if (version.atLeast(1, 33)) { // AllowParsingUserUIDFromCertAuth, beta and on in 1.33
            if (subject.uids().size() > 1) {
                return new AuthenticationResult.Failed("expected 1 UID, but found multiple: ["
                        + String.join(" ", subject.uids()) + "]");
            }
            if (subject.uids().size() == 1) {
                uid = subject.uids().get(0);
                if (uid.isEmpty()) {
                    return new AuthenticationResult.Failed("UID cannot be an empty string");
                }
            }
        }
        Map<String, List<String>> extra = version.atLeast(1, 32)
                ? Map.of(CREDENTIAL_ID_EXTRA, List.of("X509SHA256=" + sha256Hex(leaf)))
                : Map.of();
        return new AuthenticationResult.Authenticated(new UserInfo(subject.commonName(), uid, subject.organizations(), extra));
    }

    private static String sha256Hex(X509Certificate leaf) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(leaf.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot hash a certificate that was already parsed", e);
        }
    }
}
