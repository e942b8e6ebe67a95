package io.bootsim.apiserver.endpoints;

import io.bootsim.apiserver.ServingCaTrust;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.bootsim.apiserver.KubeApiServer;
import io.bootsim.apiserver.LiveApiServerConfig;
import io.bootsim.apiserver.KubeApiServerConfig;
import io.bootsim.apiserver.storage.MemoryStore;
import io.bootsim.apiserver.storage.StoredResources;
import io.bootsim.core.api.Json;
import io.bootsim.core.http.ClientNetwork;
import io.bootsim.core.http.TlsProvider;
import io.bootsim.core.pki.CertificateAndKey;
import io.bootsim.core.pki.TestPki;
import io.bootsim.core.runtime.ComponentContext;
import io.bootsim.core.trace.MemoryTrace;
import io.bootsim.core.version.KubeVersion;
import io.netty.channel.nio.NioEventLoopGroup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * nodes/proxy through a routed network: the apiserver dials the kubelet socket the route names,
 * while the URL, the certificate check and the error texts name the Node's advertised address and
 * port, as the real apiserver's would on a network where that address is the kubelet's.
 */
class NodeProxyTest {

    private static final String TOKEN = "5b1d9e3f7a2c4e6b8d0f1a3c5e7b9d2f";
    private static final TestPki PKI = TestPki.ca("kubernetes");

    private static final NioEventLoopGroup GROUP = new NioEventLoopGroup(1);
    private static final MemoryTrace TRACE = new MemoryTrace();
    private static final AtomicInteger ANSWERED = new AtomicInteger();
    private static HttpsServer withoutIpSan;
    private static HttpsServer withIpSan;
    private static int closedPort;
    private static KubeApiServer server;
    private static HttpClient client;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        withoutIpSan = kubelet(PKI.server("node-0"));
        withIpSan = kubelet(PKI.server("node-1", "10.0.0.2"));
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Map<InetSocketAddress, Integer> routes = Map.of(
                InetSocketAddress.createUnresolved("10.0.0.1", 10250), withoutIpSan.getAddress().getPort(),
                InetSocketAddress.createUnresolved("10.0.0.2", 10250), withIpSan.getAddress().getPort());
        ClientNetwork network = new ClientNetwork(GROUP, TlsProvider.JDK, dialled -> routes.containsKey(dialled)
                ? new InetSocketAddress("127.0.0.1", routes.get(dialled)) : dialled);

        Files.writeString(dir.resolve("token.csv"), TOKEN + ",admin,admin,\"system:masters\"\n");
        Files.writeString(dir.resolve("ca.pem"), PKI.caPem());
        ComponentContext context = LiveApiServerConfig.context(TRACE);
        KubeApiServerConfig config = LiveApiServerConfig.load(List.of("--token-auth-file=" + dir.resolve("token.csv"),
                "--cert-dir=" + dir, "--authorization-mode=RBAC", "--kubelet-certificate-authority=" + dir.resolve("ca.pem"),
                "--kubelet-preferred-address-types=InternalIP,Hostname"), context);
        MemoryStore store = KubeApiServer.newStore(config, context);
        server = KubeApiServer.start(config, context, store, network);
        var nodes = StoredResources.of(KubeVersion.NEWEST).get("", "nodes").orElseThrow();
        store.create(nodes, "", node("node-0", "10.0.0.1", 10250));
        store.create(nodes, "", node("node-1", "10.0.0.2", 10250));
        store.create(nodes, "", node("node-2", "127.0.0.1", closedPort));

        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(ServingCaTrust.of(server))
                .build();
    }

    @AfterAll
    static void stop() {
        server.close();
        withoutIpSan.stop(0);
        withIpSan.stop(0);
        GROUP.shutdownGracefully();
    }

    @Test
    void theRoutedKubeletsCertificateIsCheckedAgainstTheAdvertisedAddress() throws Exception {
        HttpResponse<String> response = get("node-0", "/healthz");
        assertEquals(500, response.statusCode());
        assertEquals("Get \"https://10.0.0.1:10250/healthz\": tls: failed to verify certificate: x509: cannot validate "
                + "certificate for 10.0.0.1 because it doesn't contain any IP SANs", message(response));
        assertTrue(TRACE.events().stream().anyMatch(e -> e.type().equals("nodeproxy")
                && "https://10.0.0.1:10250/healthz".equals(e.field("url"))), TRACE.events().toString());
    }

    @Test
    void theRoutedKubeletsAnswerIsRelayed() throws Exception {
        int before = ANSWERED.get();
        HttpResponse<String> response = get("node-1", "/healthz?verbose");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("ok", response.body());
        assertEquals("application/x-kubelet-test", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(before + 1, ANSWERED.get());
        assertTrue(TRACE.events().stream().anyMatch(e -> e.type().equals("nodeproxy")
                && "https://10.0.0.2:10250/healthz?verbose".equals(e.field("url")) && Integer.valueOf(200).equals(e.field("code"))),
                TRACE.events().toString());
    }

    @Test
    void anAddressNoRouteNamesIsDialledAsItIs() throws Exception {
        HttpResponse<String> response = get("node-2", "/healthz");
        assertEquals(500, response.statusCode());
        assertEquals("Get \"https://127.0.0.1:" + closedPort + "/healthz\": dial tcp 127.0.0.1:" + closedPort
                + ": connect: connection refused", message(response));
    }

    private static HttpResponse<String> get(String node, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/api/v1/nodes/"
                + node + "/proxy" + path)).header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String message(HttpResponse<String> response) throws Exception {
        JsonNode status = Json.mapper().readTree(response.body());
        assertEquals("Status", status.path("kind").asText(), response.body());
        return status.path("message").asText();
    }

    private static ObjectNode node(String name, String internalIp, int port) {
        ObjectNode node = Json.object().put("apiVersion", "v1").put("kind", "Node");
        node.putObject("metadata").put("name", name);
        ObjectNode status = node.putObject("status");
        status.putArray("addresses").addObject().put("type", "InternalIP").put("address", internalIp);
        status.withArray("addresses").addObject().put("type", "Hostname").put("address", name);
        status.putObject("daemonEndpoints").putObject("kubeletEndpoint").put("Port", port);
        return node;
    }

    /** A kubelet API stand-in on a free loopback port, serving {@code pair}, answering /healthz with "ok" (a content type of its own, to see it relayed). */
    private static HttpsServer kubelet(CertificateAndKey pair) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("serving", pair.privateKey(), new char[0], pair.certificates().toArray(X509Certificate[]::new));
        KeyManagerFactory km = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        km.init(keys, new char[0]);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(km.getKeyManagers(), null, null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        https.createContext("/healthz", exchange -> {
            byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/x-kubelet-test");
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
            ANSWERED.incrementAndGet();
        });
        https.start();
        return https;
    }
}
