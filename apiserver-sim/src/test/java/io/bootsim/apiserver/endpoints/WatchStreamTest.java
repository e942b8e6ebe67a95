package io.bootsim.apiserver.endpoints;

import io.bootsim.apiserver.ServingCaTrust;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.KubeApiServer;
import io.bootsim.apiserver.LiveApiServerConfig;
import io.bootsim.apiserver.storage.MemoryStore;
import io.bootsim.apiserver.storage.ResourceType;
import io.bootsim.apiserver.storage.StoredResources;
import io.bootsim.core.api.Json;
import io.bootsim.core.runtime.ComponentContext;
import io.bootsim.core.trace.TraceSink;
import io.bootsim.core.version.KubeVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Watch responses over the real server: many at once, each ending as upstream's do. */
class WatchStreamTest {

    private static final String TOKEN = "31ada4fd-adec-460c-809a-9e56ceb75269";
    private static final ResourceType CONFIG_MAPS = StoredResources.of(KubeVersion.NEWEST).get("", "configmaps")
            .orElseThrow();

    private static KubeApiServer server;
    private static MemoryStore store;
    private static HttpClient client;
    private static SSLContext tls;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("token.csv"), TOKEN + ",admin,admin,\"system:masters\"\n");
        ComponentContext context = LiveApiServerConfig.context(TraceSink.discard());
        server = KubeApiServer.start(LiveApiServerConfig.load(List.of("--token-auth-file=" + dir.resolve("token.csv"),
                "--cert-dir=" + dir, "--authorization-mode=RBAC"), context), context);
        store = (MemoryStore) server.store();
        tls = ServingCaTrust.of(server);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void moreWatchesThanTheServerHasThreadsAllSeeTheEvent() throws Exception {
        int watches = 300; // Jetty's pool holds 250 threads
        String rv = currentResourceVersion();
        List<CompletableFuture<HttpResponse<Stream<String>>>> opened = new ArrayList<>();
        for (int i = 0; i < watches; i++) {
            opened.add(client.sendAsync(watch("resourceVersion=" + rv + "&fieldSelector=metadata.name%3Dcrowd"),
                    HttpResponse.BodyHandlers.ofLines()));
        }
        List<Iterator<String>> streams = new ArrayList<>();
        for (CompletableFuture<HttpResponse<Stream<String>>> f : opened) {
            HttpResponse<Stream<String>> response = f.get(60, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode());
            streams.add(response.body().iterator());
        }
        store.create(CONFIG_MAPS, "default", configMap("crowd"));
        for (Iterator<String> lines : streams) {
            JsonNode event = Json.mapper().readTree(lines.next());
            assertEquals("ADDED", event.path("type").asText());
            assertEquals("crowd", event.path("object").path("metadata").path("name").asText());
        }
        awaitNothingPending();
    }

    @Test
    void timeoutSecondsEndsTheStreamAfterTheEventsSoFar() throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> response = client.send(watch("timeoutSeconds=1&fieldSelector=metadata.name%3Dnone"),
                HttpResponse.BodyHandlers.ofString());
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        assertEquals(200, response.statusCode());
        assertEquals("", response.body());
        assertTrue(seconds < 10, "ended after " + seconds + " s");
    }

    @Test
    void aSingleObjectWatchStartsWithItsSyntheticAdded() throws Exception {
        store.create(CONFIG_MAPS, "default", configMap("single"));
        HttpResponse<Stream<String>> response = client.send(
                HttpRequest.newBuilder(URI.create(base() + "/api/v1/namespaces/default/configmaps?watch=true"
                        + "&fieldSelector=metadata.name%3Dsingle&timeoutSeconds=1"))
                        .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofLines());
        List<String> lines = response.body().toList();
        assertEquals(1, lines.size(), lines.toString());
        assertEquals("ADDED", Json.mapper().readTree(lines.get(0)).path("type").asText());
    }

    @Test
    void aClientThatWentAwayLeavesNoEventPending() throws Exception {
        store.create(CONFIG_MAPS, "default", configMap("gone"));
        String rv = currentResourceVersion();
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", server.port())) {
            socket.getOutputStream().write(("GET /api/v1/namespaces/default/configmaps?watch=true&resourceVersion=" + rv
                    + "&fieldSelector=metadata.name%3Dgone HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + TOKEN + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertTrue(in.readLine().startsWith("HTTP/1.1 200"));
        }
        for (int i = 0; i < 3; i++) {
            String n = String.valueOf(i);
            store.guaranteedUpdate(CONFIG_MAPS, "default", "gone", old -> {
                ObjectNode updated = old.deepCopy();
                updated.with("metadata").with("labels").put("n", n);
                return updated;
            });
        }
        awaitNothingPending();
    }

    private static String currentResourceVersion() throws Exception {
        HttpResponse<String> list = client.send(HttpRequest.newBuilder(URI.create(base()
                + "/api/v1/namespaces/default/configmaps")).header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        return Json.mapper().readTree(list.body()).path("metadata").path("resourceVersion").asText();
    }

    private static void awaitNothingPending() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (store.watchEventsPending() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, store.watchEventsPending());
    }

    private static HttpRequest watch(String query) {
        return HttpRequest.newBuilder(URI.create(base() + "/api/v1/namespaces/default/configmaps?watch=true&" + query))
                .header("Authorization", "Bearer " + TOKEN).build();
    }

    private static String base() {
        return "https://127.0.0.1:" + server.port();
    }

    private static ObjectNode configMap(String name) {
        ObjectNode object = Json.object().put("apiVersion", "v1").put("kind", "ConfigMap");
        object.putObject("metadata").put("name", name).put("namespace", "default");
        return object;
    }
}
