package io.bootsim.core.http;

import io.bootsim.core.version.KubeVersion;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The words Go's crypto/x509, crypto/tls and net/http use for a failed request, in the Go release
 * the emulated Kubernetes version was built with. Kubernetes logs these texts verbatim, so they are
 * what users search for.
 *
 * <p>Breakpoints (Kubernetes minor -> Go): 1.19 was the first built with Go 1.15, which added the
 * time detail to expiry errors (golang/go#34646, Go 1.14), quoted the URL in url.Error (Go 1.14) and
 * stopped treating the Common Name as a host name (Go 1.15, with a GODEBUG hint); 1.23 (Go 1.17)
 * shortened the Common Name message; 1.27 (Go 1.20) prefixed verification failures with
 * "tls: failed to verify certificate: ".
 */
public record GoErrorTexts(boolean expiryDetail, boolean quotedUrl, boolean commonNameIsHostname,
                           boolean shortCommonNameText, boolean verifyPrefix) {

    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(ZoneOffset.UTC);

    public static GoErrorTexts forKube(KubeVersion version) {
        boolean go115 = version.atLeast(1, 19);
        return new GoErrorTexts(go115, go115, !go115, version.atLeast(1, 23), version.atLeast(1, 27));
    }

    public static GoErrorTexts newest() {
        return forKube(KubeVersion.NEWEST);
    }

    /** x509.UnknownAuthorityError without a hint. */
    public String unknownAuthority() {
        return "x509: certificate signed by unknown authority";
    }

    /**
     * x509.UnknownAuthorityError when a CA with the issuer's name was found but its key did not
     * verify the signature: the classic regenerated-CA-with-the-same-name case.
     */
    public String unknownAuthority(String signatureError, String candidateName) {
        return unknownAuthority() + " (possibly because of \"" + signatureError
                + "\" while trying to verify candidate authority certificate \"" + candidateName + "\")";
    }

    /** x509.CertificateInvalidError{Reason: Expired}, checked against the client's own clock. */
    public String expired(Instant now, Instant notBefore, Instant notAfter) {
        String base = "x509: certificate has expired or is not yet valid";
        if (!expiryDetail) {
            return base;
        }
        // Go formats with second precision; certificates carry whole seconds anyway.
        Instant current = now.truncatedTo(ChronoUnit.SECONDS);
        return now.isBefore(notBefore)
                ? base + ": current time " + RFC3339.format(current) + " is before " + RFC3339.format(notBefore)
                : base + ": current time " + RFC3339.format(current) + " is after " + RFC3339.format(notAfter);
    }

    /** The text of x509.HostnameError when the certificate has no SANs but a Common Name matching the host. */
    public String legacyCommonName() {
        return shortCommonNameText
                ? "x509: certificate relies on legacy Common Name field, use SANs instead"
                : "x509: certificate relies on legacy Common Name field, use SANs or temporarily enable Common Name"
                        + " matching with GODEBUG=x509ignoreCN=0";
    }

    public String noIpSans(String host) {
        return "x509: cannot validate certificate for " + host + " because it doesn't contain any IP SANs";
    }

    public String validFor(String names, String host) {
        return names.isEmpty()
                ? "x509: certificate is not valid for any names, but wanted to match " + host
                : "x509: certificate is valid for " + names + ", not " + host;
    }

    /** How a server-certificate failure reaches the caller: wrapped since Go 1.20. */
    public String verificationFailed(String x509Error) {
        return verifyPrefix ? "tls: failed to verify certificate: " + x509Error : x509Error;
    }

    /** net/http's url.Error, the form client-go and kubelet log: {@code Get "https://...": <err>}. */
    public String urlError(String method, String url, String error) {
        String op = method.isEmpty() ? "" : method.charAt(0) + method.substring(1).toLowerCase(java.util.Locale.ROOT);
        return quotedUrl ? op + " \"" + url + "\": " + error : op + " " + url + ": " + error;
    }

    /**
     * A request that outlived client-go's request timeout (rest.Config.Timeout, which client-go
     * applies both as a context deadline and as http.Client.Timeout). UNCERTAIN: which of the two
     * fires first decides between this text and {@code net/http: request canceled (Client.Timeout
     * exceeded while awaiting headers)}; this is the one most often reported by kubelets.
     */
    public String requestTimeout() {
        return "context deadline exceeded";
    }
}
