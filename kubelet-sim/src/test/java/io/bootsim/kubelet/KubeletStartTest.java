package io.bootsim.kubelet;

import io.bootsim.core.flags.ParsedFlags;
import io.bootsim.core.http.ClientNetwork;
import io.bootsim.core.http.TlsProvider;
import io.bootsim.core.kubeconfig.AuthInfo;
import io.bootsim.core.kubeconfig.Cluster;
import io.bootsim.core.kubeconfig.Context;
import io.bootsim.core.kubeconfig.Kubeconfig;
import io.bootsim.core.kubeconfig.KubeconfigWriter;
import io.bootsim.core.log.LogLine;
import io.bootsim.core.pki.CertificateAndKey;
import io.bootsim.core.pki.Pem;
import io.bootsim.core.pki.TestPki;
import io.bootsim.core.random.RandomStreams;
import io.bootsim.core.runtime.ComponentContext;
import io.bootsim.core.time.VirtualClock;
import io.bootsim.core.time.VirtualScheduler;
import io.bootsim.core.trace.TraceSink;
import io.netty.channel.nio.NioEventLoopGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A kubelet driven in-process on the virtual scheduler, for the start-up paths that need no apiserver. */
class KubeletStartTest {

    private final NioEventLoopGroup group = new NioEventLoopGroup(1);
    private final VirtualScheduler scheduler = new VirtualScheduler(new VirtualClock(VirtualClock.DEFAULT_START));
    private final List<LogLine> logs = new ArrayList<>();

    @TempDir
    Path root;

    @AfterEach
    void close() {
        group.shutdownGracefully();
    }

    private Kubelet kubelet(AtomicInteger exit, String... args) throws Exception {
        return new Kubelet(options(args).withPort(0), context(), new ClientNetwork(group, TlsProvider.JDK),
                NodeRoot.at(root), exit::set);
    }

    private KubeletOptions options(String... args) throws Exception {
        KubeletFlags flags = new KubeletFlags();
        ParsedFlags parsed = flags.set.parse(List.of(args));
        return flags.options(parsed, "node-a", NodeRoot.host());
    }

    private ComponentContext context() {
        return ComponentContext.of("kubelet", scheduler.clock(), scheduler, RandomStreams.seeded(1),
                TraceSink.discard(), 2, logs::add);
    }

    @Test
    void missingBootstrapKubeconfigExitsWithUpstreamMessage() throws Exception {
        AtomicInteger exit = new AtomicInteger(-1);
        Kubelet kubelet = kubelet(exit, "--kubeconfig=/var/lib/kubelet/kubeconfig",
                "--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf", "--rotate-certificates");
        kubelet.start();
        scheduler.runUntilIdle();
        assertEquals(1, exit.get());
        assertEquals(KubeletPhase.EXITED, kubelet.phase());
        assertTrue(logs.stream().anyMatch(l -> l.message().contains("failed to run Kubelet: unable to load bootstrap "
                + "kubeconfig: stat /etc/kubernetes/bootstrap-kubelet.conf: no such file or directory")), logs.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "1.9; Kubeconfig KUBECONFIG exists and is valid, skipping bootstrap",
            "1.33; \"Kubeconfig exists and is valid, skipping bootstrap\" path=\"KUBECONFIG\""})
    void validKubeconfigSkipsTheBlockingBootstrapWithUpstreamsLine(String version, String line) throws Exception {
        Path kubeconfig = writeValidKubeconfig(false);
        AtomicInteger exit = new AtomicInteger(-1);
        // rotation off: the blocking bootstrap path of every release (and of 1.9 with rotation on too)
        Kubelet kubelet = kubelet(exit, "--kubeconfig=/var/lib/kubelet/kubeconfig",
                "--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf", "--emulated-version=" + version);
        kubelet.start();
        scheduler.advance(Duration.ofSeconds(1));
        assertTrue(logs.stream().anyMatch(l -> l.message().equals(line.replace("KUBECONFIG", kubeconfig.toString()))),
                logs.toString());
        assertTrue(logs.stream().noneMatch(l -> l.message().contains("Using bootstrap kubeconfig")), logs.toString());
        kubelet.stop();
        scheduler.runUntilIdle();
    }

    @Test
    void withRotationOnTheStoreFallsBackToTheCertificateFilesTheValidKubeconfigNames() throws Exception {
        Path kubeconfig = writeValidKubeconfig(true);
        AtomicInteger exit = new AtomicInteger(-1);
        Kubelet kubelet = kubelet(exit, "--kubeconfig=/var/lib/kubelet/kubeconfig",
                "--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf", "--rotate-certificates",
                "--emulated-version=1.33");
        kubelet.start();
        scheduler.advance(Duration.ofSeconds(1));
        // no CSR: the pair in the files the kubeconfig names is the current certificate, and the node registers with it
        assertEquals(Files.readString(kubeconfig.resolveSibling("node.pem")),
                Pem.encodeCertificates(kubelet.clientCertificate().orElseThrow().certificates()));
        assertEquals(KubeletPhase.REGISTERING, kubelet.phase());
        kubelet.stop();
        scheduler.runUntilIdle();
    }

    /** root/var/lib/kubelet/kubeconfig for system:node:node-a against a closed port, its pair embedded or in files. */
    private Path writeValidKubeconfig(boolean files) throws Exception {
        TestPki pki = TestPki.ca("kubernetes");
        CertificateAndKey pair = pki.client("system:node:node-a", "system:nodes");
        Path kubeconfig = root.resolve("var/lib/kubelet/kubeconfig");
        Files.createDirectories(kubeconfig.getParent());
        String certificate = Pem.encodeCertificates(pair.certificates());
        String key = Pem.encodePrivateKey(pair.privateKey());
        AuthInfo user;
        if (files) {
            Files.writeString(kubeconfig.resolveSibling("node.pem"), certificate);
            Files.writeString(kubeconfig.resolveSibling("node-key.pem"), key);
            user = AuthInfo.clientCertificateFiles(kubeconfig.resolveSibling("node.pem").toString(),
                    kubeconfig.resolveSibling("node-key.pem").toString());
        } else {
            user = AuthInfo.clientCertificateData(certificate.getBytes(), key.getBytes());
        }
        KubeconfigWriter.write(Kubeconfig.empty().withCluster("c", Cluster.server("https://127.0.0.1:1"))
                .withUser("u", user).withContext("c", new Context("c", "u", "")).withCurrentContext("c"), kubeconfig);
        return kubeconfig;
    }

    @Test
    void standaloneKubeletSelfSignsItsServingCertificateUnderItsRoot() throws Exception {
        AtomicInteger exit = new AtomicInteger(-1);
        Kubelet kubelet = kubelet(exit);
        kubelet.start();
        scheduler.runUntilIdle();
        assertEquals(KubeletPhase.STANDALONE, kubelet.phase());
        Path crt = root.resolve("var/lib/kubelet/pki/kubelet.crt");
        Path key = root.resolve("var/lib/kubelet/pki/kubelet.key");
        assertTrue(Files.exists(crt));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertTrue(kubelet.port() > 0);
        assertTrue(kubelet.servingCertificate().orElseThrow().certificate().getSubjectX500Principal().getName()
                .startsWith("CN=node-a@"));
        kubelet.stop();
        scheduler.runUntilIdle();
        assertEquals(KubeletPhase.EXITED, kubelet.phase());
    }

    @Test
    void routedKubeletAdvertisesItsConfiguredPortAtItsNodeAddressesWhileListeningOnAFreeOne() throws Exception {
        Kubelet kubelet = Kubelet.routed(options("--node-ip=10.0.0.1"), context(),
                new ClientNetwork(group, TlsProvider.JDK), NodeRoot.at(root), code -> { });
        kubelet.start();
        scheduler.runUntilIdle();
        assertTrue(kubelet.port() > 0 && kubelet.port() != 10250, "listens on a free port: " + kubelet.port());
        assertEquals(List.of(InetSocketAddress.createUnresolved("10.0.0.1", 10250),
                InetSocketAddress.createUnresolved("node-a", 10250)), kubelet.advertisedEndpoints());
        kubelet.stop();
        scheduler.runUntilIdle();
    }

    @Test
    void kubeletOnAPortNobodyRoutesToAdvertisesThePortItGot() throws Exception {
        Kubelet kubelet = kubelet(new AtomicInteger(-1));
        assertEquals(List.of(), kubelet.advertisedEndpoints(), "nothing before it listens");
        kubelet.start();
        scheduler.runUntilIdle();
        assertEquals(List.of(InetSocketAddress.createUnresolved("127.0.0.1", kubelet.port()),
                InetSocketAddress.createUnresolved("node-a", kubelet.port())), kubelet.advertisedEndpoints());
        kubelet.stop();
        scheduler.runUntilIdle();
    }
}
