package io.bootsim.core.http;

import io.bootsim.core.kubeconfig.RestConfig;
import io.bootsim.core.pki.Pem;
import io.bootsim.core.pki.PemException;
import io.bootsim.core.trace.Secret;

import javax.security.auth.x500.X500Principal;
import java.net.URI;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where a client connects and who it is there: client-go's rest.Config minus the knobs bootsim
 * does not model. Connections are pooled per identity, so a kubelet that swaps its bootstrap
 * token for its new client certificate opens new connections and does its second handshake, as
 * a real one does.
 *
 * @param server                the apiserver URL, {@code https://host:port}
 * @param trustedCas            roots for the server certificate (certificate-authority-data)
 * @param insecureSkipTlsVerify skip every server certificate check (insecure-skip-tls-verify)
 * @param tlsServerName         the name to send as SNI and verify the certificate against; empty for the URL's host
 * @param clientCertificates    the client certificate chain, leaf first; empty for none
 * @param clientKey             the key of the client certificate, or null
 * @param bearerToken           sent as {@code Authorization: Bearer}; empty for none
 */
public record ClientIdentity(URI server, List<X509Certificate> trustedCas, boolean insecureSkipTlsVerify,
                             String tlsServerName, List<X509Certificate> clientCertificates, PrivateKey clientKey,
                             String bearerToken) {

    public ClientIdentity {
        Objects.requireNonNull(server, "server");
        if (!"https".equalsIgnoreCase(server.getScheme()) || server.getHost() == null) {
            throw new IllegalArgumentException("server must be an https:// URL with a host: " + server);
        }
        trustedCas = List.copyOf(trustedCas);
        tlsServerName = tlsServerName == null ? "" : tlsServerName;
        clientCertificates = List.copyOf(clientCertificates);
        bearerToken = bearerToken == null ? "" : bearerToken;
        if (clientCertificates.isEmpty() != (clientKey == null)) {
            throw new IllegalArgumentException("a client certificate needs its key and a key its certificate");
        }
    }

    /** An anonymous identity that trusts {@code cas}. */
    public static ClientIdentity of(URI server, List<X509Certificate> cas) {
        return new ClientIdentity(server, cas, false, "", List.of(), null, "");
    }

    /**
     * The identity a resolved kubeconfig context describes: its server, CA bundle, TLS server name,
     * client certificate and key, token. File-or-data choices were made when resolving.
     *
     * @throws PemException naming the kubeconfig field whose PEM is unusable
     */
    public static ClientIdentity from(RestConfig config) throws PemException {
        List<X509Certificate> cas = config.caData().length == 0 ? List.of()
                : Pem.certificates(config.caData(), source(config.caFile(), "certificate-authority-data"));
        List<X509Certificate> chain = List.of();
        PrivateKey key = null;
        if (config.hasClientCertificate()) {
            chain = Pem.certificates(config.certData(), source(config.certFile(), "client-certificate-data"));
            key = Pem.privateKey(config.keyData(), source(config.keyFile(), "client-key-data"));
        }
        return new ClientIdentity(URI.create(config.server()), cas, config.insecureSkipTlsVerify(),
                config.tlsServerName(), chain, key, config.bearerToken());
    }

    private static String source(String file, String field) {
        return file.isEmpty() ? field : file;
    }

    /** The same server and server verification with no credentials (client-go's rest.AnonymousClientConfig). */
    public ClientIdentity anonymous() {
        return new ClientIdentity(server, trustedCas, insecureSkipTlsVerify, tlsServerName, List.of(), null, "");
    }

    public ClientIdentity withBearerToken(String token) {
        return new ClientIdentity(server, trustedCas, insecureSkipTlsVerify, tlsServerName, clientCertificates,
                clientKey, token);
    }

    public ClientIdentity withClientCertificate(List<X509Certificate> chain, PrivateKey key) {
        return new ClientIdentity(server, trustedCas, insecureSkipTlsVerify, tlsServerName, chain, key, bearerToken);
    }

    public ClientIdentity withTlsServerName(String name) {
        return new ClientIdentity(server, trustedCas, insecureSkipTlsVerify, name, clientCertificates, clientKey,
                bearerToken);
    }

    public ClientIdentity withInsecureSkipTlsVerify(boolean insecure) {
        return new ClientIdentity(server, trustedCas, insecure, tlsServerName, clientCertificates, clientKey,
                bearerToken);
    }

    public String host() {
        return server.getHost();
    }

    /** The URL's port, 443 when it names none. */
    public int port() {
        return server.getPort() == -1 ? 443 : server.getPort();
    }

    /** The name the server certificate must carry: the TLS server name if set, else the URL's host. */
    public String verifiedName() {
        return tlsServerName.isEmpty() ? host() : tlsServerName;
    }

    /** How this identity appears in the trace: the credential kind, redacted token, certificate subject. */
    public Map<String, Object> traceFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (!bearerToken.isEmpty()) {
            fields.put("token", Secret.token(bearerToken));
        }
        if (!clientCertificates.isEmpty()) {
            fields.put("clientCertificate",
                    clientCertificates.get(0).getSubjectX500Principal().getName(X500Principal.RFC2253));
        }
        if (fields.isEmpty()) {
            fields.put("anonymous", true);
        }
        return fields;
    }

    @Override
    public String toString() {
        return "ClientIdentity[server=" + server + ", cas=" + trustedCas.size() + ", insecure=" + insecureSkipTlsVerify
                + ", tlsServerName=" + tlsServerName + ", " + traceFields() + "]";
    }
}
