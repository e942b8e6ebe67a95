package io.bootsim.bench;

import io.bootsim.core.http.TlsProvider;
import io.bootsim.core.pki.KeyType;
import io.bootsim.core.version.KubeVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bench's CI smoke test: 200 kubelets bootstrap at once against the in-process control plane
 * and every correctness check holds (one client certificate each, each CSR signed once, every
 * node Ready, no watch event lost). Times are printed by the bench itself, never asserted. Smaller
 * runs check the BoringSSL stack (netty-tcnative's clients, and its engines behind Jetty, in one JVM and with
 * the kubelets in a child one), the crypto floor's proof of full handshakes, and the simulated world.
 */
class BenchSmokeTest {

    @Test
    void twoHundredKubeletsBootstrapAtOnceAndEveryCheckHolds(@TempDir Path dir) throws Exception {
        BenchSpec spec = new BenchSpec(200, KeyType.ECDSA_P256, KubeVersion.NEWEST, false, TlsProvider.JDK);
        StampedeResult result = new LiveStampede(spec, dir).run(p -> { });
        System.out.print(new BenchReport(result, null).format());
        assertEquals(List.of(), result.failures());
        // h2: one connection for the bootstrap token, one for the client certificate, each a full handshake;
        // a dial abandoned to client-go's handshake timeout on a loaded machine is neither
        for (int i = 0; i < 200; i++) {
            assertEquals(2, result.connections().perNode()[i].kept(), Milestones.nodeName(i));
        }
        assertEquals(400, result.connections().handshakes());
        assertEquals(400, result.connections().accepted() - result.connections().unfinished());
    }

    @Test
    void openSslClientsBootstrapAndTheFloorDoesOnlyFullHandshakes(@TempDir Path dir) throws Exception {
        BenchSpec spec = new BenchSpec(20, KeyType.RSA_2048, KubeVersion.NEWEST, true, TlsProvider.OPENSSL);
        StampedeResult result = new LiveStampede(spec, dir).run(p -> { });
        CryptoFloor.Figures floor = new CryptoFloor(TlsProvider.OPENSSL).measure(20, result.files().ca(),
                result.files().apiserver(), spec.version());
        String report = new BenchReport(result, floor).format();
        System.out.print(report);
        assertEquals(List.of(), result.failures());
        assertTrue(report.contains("TLS: openssl clients, netty-tcnative (BoringSSL) server"), report);
        // one check per server-auth handshake, two per mutual one: none resumed, every client certificate sent
        assertEquals(60, floor.handshakesChecked());
        assertEquals(floor.checksExpected(), floor.handshakesChecked());
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void kubeletsInAChildProcessBootstrapAndTheApiserverSideChecksHold(TlsProvider tls, @TempDir Path dir)
            throws Exception {
        BenchSpec spec = new BenchSpec(20, KeyType.ECDSA_P256, KubeVersion.NEWEST, false, tls, true);
        StampedeResult result = new LiveStampede(spec, dir).run(p -> { });
        String report = new BenchReport(result, null).format();
        System.out.print(report);
        assertEquals(List.of(), result.failures());
        for (int i = 0; i < 20; i++) {
            // counted from the issued CSRs in the store, and first seen as the node's authenticated requests
            assertEquals(1, result.milestones().certificatesOf(i), Milestones.nodeName(i));
            assertTrue(result.milestones().certificateAt(i) > 0, Milestones.nodeName(i));
        }
        assertTrue(report.contains("kubelets in a child JVM"), report);
        assertTrue(result.kubeletProcessCpuNanos() > 0 && result.kubeletProcessCpuNanos() < result.cpuNanos(),
                "the child's CPU is part of the run's: " + report);
        assertTrue(report.contains("(control plane "), report);
        assertEquals(40, result.connections().accepted() - result.connections().unfinished(),
                "two identities per kubelet, one h2 connection each, handshaken");
    }

    @Test
    void theKubeletsMoveToAChildProcessWhenTheirOpenFilesWouldNotFit() {
        // this container's limit is 20,000: the 5,000 kubelets fit beside the control plane
        assertTrue(BenchSpec.fitsOneProcess(5000, 20_000));
        assertFalse(BenchSpec.fitsOneProcess(6000, 20_000));
        assertFalse(BenchSpec.fitsOneProcess(5000, 4096), "a desktop's usual limit");
    }

    @Test
    void simulatedStampedeRegistersEveryNode() throws Exception {
        BenchSpec spec = new BenchSpec(10, KeyType.ECDSA_P256, KubeVersion.NEWEST, false, TlsProvider.JDK);
        SimulatedStampede.Result result = new SimulatedStampede(spec).run();
        System.out.print(result.format(spec));
        assertEquals(10, result.registered());
        assertEquals(List.of(), result.exits());
    }
}
