package io.bootsim.core.http;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request that got no HTTP answer: refused connection, TLS failure, reset, timeout. The message
 * is Go's text for the same failure ({@code x509: certificate signed by unknown authority},
 * {@code dial tcp 127.0.0.1:6443: connect: connection refused}, {@code remote error: tls: bad certificate}).
 */
public record TransportError(Kind kind, String message) implements ClientError {

    public enum Kind {
        /** TCP connect failed: refused, unreachable, timed out. */
        DIAL,
        /** Our side rejected the server certificate. */
        SERVER_CERTIFICATE,
        /** The server sent a TLS alert: it rejected our certificate or the handshake. */
        REMOTE_TLS_ALERT,
        /** Any other TLS failure. */
        TLS,
        /** The connection broke before a complete response. */
        CONNECTION,
        /** client-go's request timeout passed. */
        TIMEOUT,
        /** The watch was stopped by its caller. */
        CANCELLED
    }

    // crypto/tls alert.go: the text Go prints for each alert a peer sends, by the JDK's alert name
    private static final Map<String, String> ALERTS = Map.ofEntries(
            Map.entry("close_notify", "close notify"),
            Map.entry("unexpected_message", "unexpected message"),
            Map.entry("bad_record_mac", "bad record MAC"),
            Map.entry("record_overflow", "record overflow"),
            Map.entry("handshake_failure", "handshake failure"),
            Map.entry("bad_certificate", "bad certificate"),
            Map.entry("unsupported_certificate", "unsupported certificate"),
            Map.entry("certificate_revoked", "revoked certificate"),
            Map.entry("certificate_expired", "expired certificate"),
            Map.entry("certificate_unknown", "unknown certificate"),
            Map.entry("illegal_parameter", "illegal parameter"),
            Map.entry("unknown_ca", "unknown certificate authority"),
            Map.entry("access_denied", "access denied"),
            Map.entry("decode_error", "error decoding message"),
            Map.entry("decrypt_error", "error decrypting message"),
            Map.entry("protocol_version", "protocol version not supported"),
            Map.entry("insufficient_security", "insufficient security level"),
            Map.entry("internal_error", "internal error"),
            Map.entry("user_canceled", "user canceled"),
            Map.entry("missing_extension", "missing extension"),
            Map.entry("unsupported_extension", "unsupported extension"),
            Map.entry("unrecognized_name", "unrecognized name"),
            Map.entry("no_application_protocol", "no application protocol"),
            Map.entry("certificate_required", "certificate required"));
    // Java 17: "Received fatal alert: internal_error"; later JDKs prefix "(internal_error) "
    private static final Pattern JDK_ALERT = Pattern.compile("Received fatal alert: ([a-z_]+)");
    private static final Pattern BORINGSSL_ALERT = Pattern.compile("(?:SSLV3|TLSV1)_ALERT_([A-Z_]+)");

    /**
     * The JDK's name of the alert the peer sent, from either stack's exception: the JDK's
     * "Received fatal alert: certificate_expired" (after a prefix on newer JDKs), BoringSSL's "...:SSLV3_ALERT_CERTIFICATE_EXPIRED".
     */
    private static String receivedAlert(Throwable t) {
        String message = t.getMessage();
        if (!(t instanceof SSLException) || message == null) {
            return null;
        }
        Matcher jdk = JDK_ALERT.matcher(message);
        if (jdk.find()) {
            return jdk.group(1);
        }
        Matcher boring = BORINGSSL_ALERT.matcher(message);
        return boring.find() ? boring.group(1).toLowerCase(Locale.ROOT).replace("user_cancelled", "user_canceled")
                : null;
    }

    /** What a Go client would have reported for the Java failure {@code cause} talking to {@code host:port}. */
    public static TransportError from(Throwable cause, String host, int port, GoErrorTexts texts) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof X509VerificationException x) {
                return new TransportError(Kind.SERVER_CERTIFICATE, texts.verificationFailed(x.getMessage()));
            }
        }
        String address = host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof java.net.UnknownHostException) {
                return new TransportError(Kind.DIAL, "dial tcp: lookup " + host + ": no such host");
            }
        }
        if (cause instanceof ConnectTimeoutException) {
            return new TransportError(Kind.DIAL, "dial tcp " + address + ": i/o timeout");
        }
        if (cause instanceof ConnectException) {
            String why = cause.getMessage() != null && cause.getMessage().startsWith("Network is unreachable")
                    ? "network is unreachable" : "connection refused";
            return new TransportError(Kind.DIAL, "dial tcp " + address + ": connect: " + why);
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            String alert = receivedAlert(t);
            if (alert != null) {
                return new TransportError(Kind.REMOTE_TLS_ALERT,
                        "remote error: tls: " + ALERTS.getOrDefault(alert, "alert(" + alert + ")"));
            }
        }
        if (cause instanceof SslHandshakeTimeoutException) {
            // net/http transport.go, tlsHandshakeTimeoutError
            return new TransportError(Kind.TLS, "net/http: TLS handshake timeout");
        }
        if (cause instanceof SSLException) {
            return new TransportError(Kind.TLS, "tls: " + cause.getMessage());
        }
        if (cause instanceof Http2Failure) {
            return new TransportError(Kind.CONNECTION, cause.getMessage());
        }
        if (cause instanceof ClosedChannelException) {
            // the server hung up before a complete response: what Go's transport reports
            return new TransportError(Kind.CONNECTION, "EOF");
        }
        String message = String.valueOf(cause.getMessage());
        if (message.contains("Connection reset")) {
            return new TransportError(Kind.CONNECTION, "read tcp " + address + ": read: connection reset by peer");
        }
        return new TransportError(Kind.CONNECTION, message);
    }
}
