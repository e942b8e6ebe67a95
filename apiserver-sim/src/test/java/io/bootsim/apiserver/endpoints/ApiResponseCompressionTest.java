package io.bootsim.apiserver.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.KubeApiServer;
import io.bootsim.apiserver.LiveApiServerConfig;
import io.bootsim.apiserver.ServingCaTrust;
import io.bootsim.apiserver.storage.ResourceType;
import io.bootsim.apiserver.storage.StoredResources;
import io.bootsim.core.api.Json;
import io.bootsim.core.runtime.ComponentContext;
import io.bootsim.core.trace.TraceSink;
import io.bootsim.core.version.KubeVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Response compression as kube-apiserver does it (responsewriters.SerializeObject): only an encoded
 * object past 128 KiB, only for a client that sent gzip in Accept-Encoding, only with
 * APIResponseCompression on (1.16+). Go's client always asks for gzip, so a small object must come
 * back plain.
 */
class ApiResponseCompressionTest {

    private static final String TOKEN = "31ada4fd-adec-460c-809a-9e56ceb75269";

    @Test
    void aSmallObjectIsNeverGzippedEvenWhenTheClientAcceptsIt(@TempDir Path dir) throws Exception {
        try (KubeApiServer server = start(dir, "1.33")) {
            configMaps(server, 1, 3_000); // larger than Javalin's own 1,500-byte threshold
            HttpResponse<byte[]> small = get(server, "/api/v1/namespaces/default/configmaps/cm-0", "gzip");
            assertEquals(200, small.statusCode());
            assertEquals(Optional.empty(), small.headers().firstValue("Content-Encoding"));
            assertEquals("cm-0", Json.mapper().readTree(small.body()).path("metadata").path("name").asText());
        }
    }

    @Test
    void aListPast128KiBIsGzippedAtLevelOneForAClientThatAcceptsGzip(@TempDir Path dir) throws Exception {
        try (KubeApiServer server = start(dir, "1.33")) {
            configMaps(server, 40, 4_000);
            HttpResponse<byte[]> list = get(server, "/api/v1/namespaces/default/configmaps", "deflate, gzip");
            assertEquals(200, list.statusCode());
            assertEquals(Optional.of("gzip"), list.headers().firstValue("Content-Encoding"));
            assertEquals(List.of("Accept-Encoding"), list.headers().allValues("Vary"));
            JsonNode body = Json.mapper().readTree(new GZIPInputStream(new ByteArrayInputStream(list.body())));
            assertEquals(40, body.path("items").size());

            HttpResponse<byte[]> plain = get(server, "/api/v1/namespaces/default/configmaps", "");
            assertEquals(Optional.empty(), plain.headers().firstValue("Content-Encoding"));
            assertTrue(plain.body().length > ApiResponse.GZIP_THRESHOLD_BYTES);
            assertEquals(body, Json.mapper().readTree(plain.body()));
        }
    }

    @Test
    void beforeOneSixteenAPIResponseCompressionIsOffAndNothingIsGzipped(@TempDir Path dir) throws Exception {
        try (KubeApiServer server = start(dir, "1.15")) {
            configMaps(server, 40, 4_000);
            HttpResponse<byte[]> list = get(server, "/api/v1/namespaces/default/configmaps", "gzip");
            assertEquals(200, list.statusCode());
            assertEquals(Optional.empty(), list.headers().firstValue("Content-Encoding"));
            assertEquals(40, Json.mapper().readTree(list.body()).path("items").size());
        }
    }

    @Test
    void gzipIsOneOfTheCommaSeparatedTokensWithoutParameters() {
        assertTrue(ApiResponse.acceptsGzip("gzip"));
        assertTrue(ApiResponse.acceptsGzip("br, gzip "));
        assertFalse(ApiResponse.acceptsGzip("gzip;q=1.0"));
        assertFalse(ApiResponse.acceptsGzip("x-gzip"));
        assertFalse(ApiResponse.acceptsGzip(""));
        assertFalse(ApiResponse.acceptsGzip(null));
    }

    private static KubeApiServer start(Path dir, String version) throws Exception {
        Files.writeString(dir.resolve("token.csv"), TOKEN + ",admin,admin,\"system:masters\"\n");
        ComponentContext context = LiveApiServerConfig.context(TraceSink.discard());
        return KubeApiServer.start(LiveApiServerConfig.load(List.of("--token-auth-file=" + dir.resolve("token.csv"),
                "--cert-dir=" + dir, "--authorization-mode=RBAC", "--emulated-version=" + version), context), context);
    }

    private static void configMaps(KubeApiServer server, int count, int size) {
        ResourceType configMaps = StoredResources.of(KubeVersion.NEWEST).get("", "configmaps").orElseThrow();
        for (int i = 0; i < count; i++) {
            ObjectNode cm = Json.object().put("apiVersion", "v1").put("kind", "ConfigMap");
            cm.putObject("metadata").put("name", "cm-" + i);
            cm.putObject("data").put("filler", "x".repeat(size));
            server.store().create(configMaps, "default", cm);
        }
    }

    private static HttpResponse<byte[]> get(KubeApiServer server, String path, String acceptEncoding) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(ServingCaTrust.of(server)).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + TOKEN);
        if (!acceptEncoding.isEmpty()) {
            request.header("Accept-Encoding", acceptEncoding);
        }
        return client.send(request.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
