package io.bootsim.apiserver.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.storage.ResourceType;
import io.bootsim.apiserver.storage.Store;
import io.bootsim.core.api.Status;
import io.bootsim.core.api.StatusException;
import io.bootsim.core.http.ClientIdentity;
import io.bootsim.core.http.ClientNetwork;
import io.bootsim.core.http.GoErrorTexts;
import io.bootsim.core.http.HttpRequest;
import io.bootsim.core.http.Result;
import io.bootsim.core.http.RoundTrip;
import io.bootsim.core.http.TransportError;
import io.bootsim.core.pki.CertificateAndKey;
import io.bootsim.core.time.Clock;
import io.bootsim.core.trace.Tracer;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * GET /api/v1/nodes/NAME/proxy/PATH: kube-apiserver dials the kubelet at the node's preferred
 * address and its kubelet endpoint port, presenting --kubelet-client-certificate and verifying the
 * kubelet's serving certificate against --kubelet-certificate-authority (not at all without one),
 * and relays the answer. A failed dial or TLS check is a 500 Status with Go's error text
 * (pkg/registry/core/node/rest/proxy.go, pkg/kubelet/client/kubelet_client.go). The dial goes where
 * the network routes the node's address and port (in one JVM, to the kubelet's loopback socket);
 * the URL, the certificate check and the error texts name the address and port the Node advertises.
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
    private final ClientNetwork network;
    private final Clock clock;
    private final GoErrorTexts texts;
    private final Duration timeout;
    private final Tracer tracer;

    public NodeProxy(Store store, ResourceType nodes, Optional<CertificateAndKey> clientCertificate,
                     List<X509Certificate> kubeletCA, List<String> addressTypes, ClientNetwork network, Clock clock,
                     GoErrorTexts texts, Duration timeout, Tracer tracer) {
        this.store = store;
        this.nodes = nodes;
        this.clientCertificate = clientCertificate;
        this.kubeletCA = kubeletCA;
        this.addressTypes = addressTypes;
        this.network = network;
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
        String server = "https://" + (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
        String path = rest + (query == null || query.isEmpty() ? "" : "?" + query);

        ClientIdentity identity = ClientIdentity.of(URI.create(server), kubeletCA).withInsecureSkipTlsVerify(kubeletCA.isEmpty());
        if (clientCertificate.isPresent()) {
            identity = identity.withClientCertificate(clientCertificate.get().certificates(), clientCertificate.get().privateKey());
        }
        HttpRequest call = HttpRequest.raw(request.http().method().name(), path, request.http().bodyAsBytes(),
                request.http().contentType());
        // the proxy passes the caller's headers on; Go's transport names itself when there is none
        String userAgent = Optional.ofNullable(request.http().userAgent()).orElse("Go-http-client/1.1");
        Result result = RoundTrip.send(identity, network, clock, texts, userAgent, call, timeout);
        if (result.error() instanceof TransportError) {
            String error = result.goError();
            tracer.emit("nodeproxy", "node", request.info().name(), "url", result.url(), "error", error);
            // a plain Go error becomes a 500 Status with reason "" (apierrors.ErrorToAPIStatus)
            throw new StatusException(Status.failure(500, null, error, null));
        }
        tracer.emit("nodeproxy", "node", request.info().name(), "url", result.url(), "code", result.statusCode());
        ApiResponse.bytes(request.http(), result.statusCode(), result.header("Content-Type").orElse("text/plain; charset=utf-8"),
                result.body());
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
