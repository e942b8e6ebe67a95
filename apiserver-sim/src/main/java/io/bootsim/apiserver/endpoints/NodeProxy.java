package io.bootsim.apiserver.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.storage.ResourceType;
import io.bootsim.apiserver.storage.Store;
import io.bootsim.core.api.Status;
import io.bootsim.core.api.StatusException;
import io.bootsim.core.http.ClientIdentity;
import io.bootsim.core.http.GoErrorTexts;
import io.bootsim.core.http.TlsProvider;
import io.bootsim.core.http.TransportError;
import io.bootsim.core.pki.CertificateAndKey;
import io.bootsim.core.time.Clock;
import io.bootsim.core.trace.Tracer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * GET /api/v1/nodes/NAME/proxy/PATH: kube-apiserver dials the kubelet at the node's preferred
 * address and its kubelet endpoint port, presenting --kubelet-client-certificate and verifying the
 * kubelet's serving certificate against --kubelet-certificate-authority (not at all without one),
 * and relays the answer. A failed dial or TLS check is a 500 Status with Go's error text
 * (pkg/registry/core/node/rest/proxy.go, pkg/kubelet/client/kubelet_client.go).
 */
public final class NodeProxy {

    /** --kubelet-preferred-address-types' default. */
    public static final List<String> DEFAULT_ADDRESS_TYPES =
            List.of("Hostname", "InternalDNS", "InternalIP", "ExternalDNS", "ExternalIP");

    private final Store store;
    private final ResourceType nodes;
    private final Optional<CertificateAndKey> clientCertificate;
    private final List<X509Certificate> kubeletCA;
    private final List<String> addressTypes;
    private final Clock clock;
    private final GoErrorTexts texts;
    private final Duration timeout;
    private final Tracer tracer;

    public NodeProxy(Store store, ResourceType nodes, Optional<CertificateAndKey> clientCertificate,
                     List<X509Certificate> kubeletCA, List<String> addressTypes, Clock clock, GoErrorTexts texts,
                     Duration timeout, Tracer tracer) {
        this.store = store;
        this.nodes = nodes;
        this.clientCertificate = clientCertificate;
        this.kubeletCA = kubeletCA;
        this.addressTypes = addressTypes;
        this.clock = clock;
        this.texts = texts;
        this.timeout = timeout;
        this.tracer = tracer;
    }

    public void serve(ApiRequest request) {
        ObjectNode node = store.get(nodes, "", request.info().name());
        String address = address(node);
        int port = node.path("status").path("daemonEndpoints").path("kubeletEndpoint").path("Port").asInt(10250);
        List<String> parts = request.info().parts();
        String rest = parts.size() > 3 ? "/" + String.join("/", parts.subList(3, parts.size())) : "/";
        String query = request.http().queryString();
        String url = "https://" + (address.contains(":") ? "[" + address + "]" : address) + ":" + port + rest
                + (query == null || query.isEmpty() ? "" : "?" + query);

        ClientIdentity identity = ClientIdentity.of(URI.create(url), kubeletCA).withInsecureSkipTlsVerify(kubeletCA.isEmpty());
        if (clientCertificate.isPresent()) {
            identity = identity.withClientCertificate(clientCertificate.get().certificates(), clientCertificate.get().privateKey());
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(TlsProvider.blockingContext(identity, clock, texts)).connectTimeout(timeout).build();
        String method = request.http().method().name();
        try {
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(request.http().bodyAsBytes())).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            tracer.emit("nodeproxy", "node", request.info().name(), "url", url, "code", response.statusCode());
            ApiResponse.bytes(request.http(), response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse("text/plain; charset=utf-8"), response.body());
        } catch (IOException e) {
            String error = texts.urlError(method, url, TransportError.from(e, address, port, texts).message());
            tracer.emit("nodeproxy", "node", request.info().name(), "url", url, "error", error);
            // a plain Go error becomes a 500 Status with reason "" (apierrors.ErrorToAPIStatus)
            throw new StatusException(Status.failure(500, null, error, null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StatusException(Status.internalError("interrupted"));
        }
    }

    // upstream: pkg/util/node/node.go GetPreferredNodeAddress
    private String address(ObjectNode node) {
        JsonNode addresses = node.path("status").path("addresses");
        for (String type : addressTypes) {
            for (JsonNode a : addresses) {
                if (type.equals(a.path("type").asText()) && !a.path("address").asText("").isEmpty()) {
                    return a.path("address").asText();
                }
            }
        }
        throw new StatusException(Status.failure(500, null, "no preferred addresses found; known addresses: "
                + addresses, null));
    }
}
