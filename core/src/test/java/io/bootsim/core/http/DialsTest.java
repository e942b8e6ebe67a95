package io.bootsim.core.http;

import io.bootsim.core.time.Clock;
import io.bootsim.core.time.ExecutorScheduler;
import io.bootsim.core.trace.Tracer;
import io.netty.handler.ssl.ClientAuth;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which dials a client counts as abandoned: those that gave it no connection because the TCP connect
 * failed or the server did not finish the TLS handshake within client-go's 10 s. A dial that failed
 * for any other reason (the server's certificate rejected) is a connection the client made.
 */
class DialsTest {

    static final TestCertificates.Issued CA = TestCertificates.ca("kubernetes");

    final ClientFixture world = new ClientFixture();

    @AfterEach
    void stop() {
        world.close();
    }

    private RestClient client(int port) {
        return world.client("kubelet", ClientIdentity.of(URI.create("https://127.0.0.1:" + port), List.of(CA.certificate()))
                .withBearerToken("07401b.f395accd246ae52d"));
    }

    @Test
    void aRefusedDialIsAbandoned() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        RestClient client = client(port);
        Result r = world.call(client, HttpRequest.get("/api/v1/nodes"));
        assertEquals("Get \"https://127.0.0.1:" + port + "/api/v1/nodes\": dial tcp 127.0.0.1:" + port
                + ": connect: connection refused", r.goError());
        assertEquals(new Dials(1, 1, 0), client.dials());
        assertEquals(0, client.dials().kept());
    }

    /**
     * Also the simulated world's network, in the same 10 s: it has no real-time limit (virtual time stands
     * still while a dial is in flight), so its client is still waiting when the live one gives up.
     */
    @Test
    void aServerThatNeverAnswersTheHandshakeIsAbandonedAfterClientGosTenSecondsExceptInASimulatedWorld()
            throws Exception {
        ExecutorScheduler patientThread = new ExecutorScheduler("patient", Clock.system());
        try (ServerSocket silent = new ServerSocket(0, 2, InetAddress.getLoopbackAddress())) {
            String url = "https://127.0.0.1:" + silent.getLocalPort() + "/api/v1/nodes";
            ClientNetwork simulated = ClientNetwork.simulated(world.group, TlsProvider.JDK, UnaryOperator.identity());
            RestClient patient = new RestClient("patient", ClientIdentity.of(URI.create("https://127.0.0.1:"
                    + silent.getLocalPort()), List.of(CA.certificate())), simulated, patientThread,
                    RateLimiter.unlimited(), RestClient.Options.defaults(), Tracer.discard("patient"));
            CompletableFuture<Result> patientsAnswer = new CompletableFuture<>();
            patient.send(HttpRequest.get("/api/v1/nodes"), patientsAnswer::complete);
            RestClient client = client(silent.getLocalPort());
            long start = System.nanoTime();
            Result r = world.call(client, HttpRequest.get("/api/v1/nodes"));
            double seconds = (System.nanoTime() - start) / 1e9;
            try (Socket accepted = silent.accept()) { // the kernel had accepted it; the server never read the hello
                assertEquals("Get \"" + url + "\": net/http: TLS handshake timeout", r.goError());
                assertTrue(seconds >= 9.9 && seconds < 15, "gave up after " + seconds + " s");
                assertEquals(new Dials(1, 1, 0), client.dials());
                assertThrows(TimeoutException.class, () -> patientsAnswer.get(500, TimeUnit.MILLISECONDS),
                        "the simulated network's client gave up on real time");
            }
        } finally {
            patientThread.close();
        }
    }

    /** kube-apiserver's call to a kubelet (nodes/proxy) on a simulated network waits past its --kubelet-timeout. */
    @Test
    void aRoundTripOnASimulatedNetworkWaitsPastItsTimeoutUntilTheConnectionEnds() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String server = "https://127.0.0.1:" + silent.getLocalPort();
            ClientNetwork simulated = ClientNetwork.simulated(world.group, TlsProvider.JDK, UnaryOperator.identity());
            CompletableFuture<Result> answer = CompletableFuture.supplyAsync(() -> RoundTrip.send(
                    ClientIdentity.of(URI.create(server), List.of(CA.certificate())), simulated, Clock.system(),
                    GoErrorTexts.newest(), "test", HttpRequest.get("/containerLogs/ns/pod/c"), Duration.ofMillis(50)));
            try (Socket accepted = silent.accept()) {
                assertThrows(TimeoutException.class, () -> answer.get(1, TimeUnit.SECONDS), "gave up on real time");
            } // the server closes the connection mid-handshake: that ends the wait
            assertTrue(answer.get(10, TimeUnit.SECONDS).goError().startsWith("Get \"" + server
                    + "/containerLogs/ns/pod/c\": "), answer.get().goError());
        }
    }

    @Test
    void aHandshakeThatFailsOtherwiseIsAConnectionMade() throws Exception {
        TestCertificates.Issued otherCa = TestCertificates.ca("not-the-cluster-ca");
        try (TlsTestServer server = new TlsTestServer(world.group, TestCertificates.server(otherCa, "127.0.0.1"), null,
                ClientAuth.NONE, s -> TlsTestServer.Reply.json(200, "{}"))) {
            RestClient client = client(server.url().getPort());
            Result r = world.call(client, HttpRequest.get("/api/v1/nodes"));
            assertTrue(r.goError().contains("x509: certificate signed by unknown authority"), r.goError());
            assertEquals(new Dials(1, 0, 0), client.dials());
            assertEquals(1, client.dials().kept());
        }
    }
}
