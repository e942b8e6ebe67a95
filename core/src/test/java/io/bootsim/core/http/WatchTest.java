package io.bootsim.core.http;

import io.bootsim.core.api.Status;
import io.netty.handler.ssl.ClientAuth;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Watch streams: one JSON object per event, however the chunks cut them; ERROR 410; counting; stop. */
class WatchTest {

    static final TestCertificates.Issued CA = TestCertificates.ca("kubernetes");
    static final TestCertificates.Issued SERVING = TestCertificates.server(CA, "127.0.0.1");

    static final String ADDED = "{\"type\":\"ADDED\",\"object\":{\"kind\":\"CertificateSigningRequest\","
            + "\"metadata\":{\"name\":\"csr-1\",\"resourceVersion\":\"7\"}}}\n";
    static final String MODIFIED = "{\"type\":\"MODIFIED\",\"object\":{\"kind\":\"CertificateSigningRequest\","
            + "\"metadata\":{\"name\":\"csr-1\",\"resourceVersion\":\"8\",\"annotations\":{\"x\":\"}{\\\"\"}}}}\n";
    static final String EXPIRED = "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\","
            + "\"metadata\":{},\"status\":\"Failure\",\"message\":\"too old resource version: 5 (7)\","
            + "\"reason\":\"Expired\",\"code\":410}}\n";

    ClientFixture world;

    @BeforeEach
    void start() {
        world = new ClientFixture();
    }

    @AfterEach
    void stop() {
        world.close();
    }

    /** Records what a handler receives. */
    static final class Recorder implements WatchHandler {
        final List<WatchEvent> events = new ArrayList<>();
        final List<ClientError> ends = new ArrayList<>();
        boolean closed;

        @Override
        public void onEvent(WatchEvent event) {
            events.add(event);
        }

        @Override
        public void closed(ClientError error) {
            closed = true;
            ends.add(error);
        }
    }

    private Recorder watch(TlsTestServer.Reply reply) throws Exception {
        try (TlsTestServer server = new TlsTestServer(world.group, SERVING, null, ClientAuth.NONE, s -> reply)) {
            RestClient client = world.client("kube-controller-manager",
                    ClientIdentity.of(server.url(), List.of(CA.certificate())));
            Recorder recorder = new Recorder();
            client.watch("/apis/certificates.k8s.io/v1/certificatesigningrequests?watch=true", recorder);
            runUntil(() -> recorder.closed);
            return recorder;
        }
    }

    /**
     * Events are not announced before they arrive: the simulated scheduler learns of them by
     * comparing the server's count of events sent with {@link ClientNetwork#queuedWatchEvents()}.
     * With no server count here, the test polls in real time, bounded.
     */
    private void runUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            world.scheduler.runUntilIdle();
            Thread.sleep(1);
        }
        world.scheduler.runUntilIdle();
    }

    @Test
    void eventsSplitAcrossAndPackedIntoChunksAreDecodedInOrder() throws Exception {
        String all = ADDED + MODIFIED;
        Recorder r = watch(TlsTestServer.Reply.stream(List.of(all.substring(0, 30), all.substring(30, 150),
                all.substring(150), ADDED + ADDED)));
        assertEquals(List.of("ADDED", "MODIFIED", "ADDED", "ADDED"), r.events.stream().map(WatchEvent::type).toList());
        assertEquals("8", r.events.get(1).resourceVersion());
        assertEquals("}{\"", r.events.get(1).object().path("metadata").path("annotations").path("x").asText());
        assertNull(r.ends.get(0), "a stream the server ends normally closes without error");
        assertEquals(4, world.network.queuedWatchEvents());
    }

    @Test
    void expiredResourceVersionArrivesAsAnErrorEventWithStatus410() throws Exception {
        Recorder r = watch(TlsTestServer.Reply.stream(List.of(EXPIRED)));
        WatchEvent error = r.events.get(0);
        assertTrue(error.isError());
        Status status = error.status().orElseThrow();
        assertEquals(410, status.code());
        assertEquals("Expired", status.reason());
        assertEquals("too old resource version: 5 (7)", status.message());
    }

    @Test
    void refusedWatchClosesWithTheStatus() throws Exception {
        Recorder r = watch(TlsTestServer.Reply.json(403, Status.forbidden("certificates.k8s.io",
                "certificatesigningrequests", "", "certificatesigningrequests.certificates.k8s.io is forbidden: User"
                        + " \"system:anonymous\" cannot watch resource \"certificatesigningrequests\" in API group"
                        + " \"certificates.k8s.io\" at the cluster scope").toJson()));
        assertTrue(r.events.isEmpty());
        assertEquals(403, ((ApiError) r.ends.get(0)).code());
    }

    @Test
    void stoppedWatchDeliversNothingMore() throws Exception {
        try (TlsTestServer server = new TlsTestServer(world.group, SERVING, null, ClientAuth.NONE,
                s -> TlsTestServer.Reply.openStream(List.of(ADDED)))) {
            RestClient client = world.client("kubelet", ClientIdentity.of(server.url(), List.of(CA.certificate())));
            Recorder recorder = new Recorder();
            Watch watch = client.watch("/api/v1/nodes?watch=true", recorder);
            runUntil(() -> world.network.queuedWatchEvents() == 1);
            world.scheduler.runUntilIdle();
            assertEquals(1, recorder.events.size());
            watch.stop();
            world.scheduler.runUntilIdle();
            assertTrue(recorder.ends.isEmpty(), "stop() is not reported back");
        }
    }

    @Test
    void eventsAreCountedPerOpenConnectionUntilTheClientClosesIt() throws Exception {
        try (TlsTestServer server = new TlsTestServer(world.group, SERVING, null, ClientAuth.NONE,
                s -> TlsTestServer.Reply.openStream(List.of(ADDED, MODIFIED)))) {
            RestClient client = world.client("kubelet", ClientIdentity.of(server.url(), List.of(CA.certificate())));
            List<String> opened = new java.util.concurrent.CopyOnWriteArrayList<>();
            world.network.onConnectionOpened(opened::add);
            Watch watch = client.watch("/api/v1/nodes?watch=true", new Recorder());
            runUntil(() -> world.network.queuedWatchEvents() == 2);
            assertEquals(1, opened.size());
            String connection = opened.get(0);
            assertTrue(connection.startsWith("127.0.0.1:"), connection);
            assertEquals(java.util.Set.of(connection), world.network.openConnections());
            assertEquals(2, world.network.queuedWatchEvents(connection));
            watch.stop();
            runUntil(() -> world.network.openConnections().isEmpty());
            assertEquals(java.util.Set.of(), world.network.openConnections(),
                    "a connection its client closed is no longer owed anything");
            assertEquals(-1, world.network.queuedWatchEvents(connection));
        }
    }
}
