package io.bootsim.apiserver.server;

import io.bootsim.apiserver.ServingCaTrust;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.KubeApiServer;
import io.bootsim.apiserver.LiveApiServerConfig;
import io.bootsim.apiserver.storage.StoredResources;
import io.bootsim.core.api.Json;
import io.bootsim.core.pki.CertificateAndKey;
import io.bootsim.core.pki.CertificateSpec;
import io.bootsim.core.pki.Certificates;
import io.bootsim.core.pki.KeyType;
import io.bootsim.core.pki.Keys;
import io.bootsim.core.pki.Pem;
import io.bootsim.core.pki.Subject;
import io.bootsim.core.random.RandomStreams;
import io.bootsim.core.runtime.ComponentContext;
import io.bootsim.core.trace.TraceSink;
import io.bootsim.core.version.KubeVersion;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A kubelet's GET of its own Node over a kept-alive mutual-TLS connection: the request path per
 * request without any handshake (request info, x509 authentication with the chain check, the Node
 * and RBAC authorizers, storage, JSON), both ends in this JVM over loopback.
 *
 * <p>Run from the repository root:
 * <pre>
 * mvn -q -o -pl apiserver-sim -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp apiserver-sim/target/test-classes:apiserver-sim/target/classes:core/target/classes:$(cat /tmp/cp.txt) \
 *     org.openjdk.jmh.Main NodeGetBenchmark -f1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class NodeGetBenchmark {

    private static final char[] PASSWORD = "bench".toCharArray();

    private KubeApiServer server;
    private HttpClient client;
    private HttpRequest get;

    @Setup
    public void setUp() throws Exception {
        SecureRandom r = RandomStreams.seeded(5).stream("bench");
        Instant now = Instant.now();
        KeyPair caKeys = Keys.generate(KeyType.ECDSA_P256, r);
        X509Certificate ca = Certificates.selfSigned(CertificateSpec.builder(Subject.of("kubernetes")).ca(true)
                .usages("cert sign").validity(now.minusSeconds(3600), now.plus(Duration.ofDays(1))).build(), caKeys, r);
        KeyPair nodeKeys = Keys.generate(KeyType.ECDSA_P256, r);
        X509Certificate node = Certificates.sign(CertificateSpec.builder(Subject.of("system:node:node-0", "system:nodes"))
                .usages("digital signature", "client auth").validity(now.minusSeconds(3600), now.plus(Duration.ofDays(1)))
                .build(), nodeKeys.getPublic(), ca, caKeys.getPrivate(), r);
        Path dir = Files.createTempDirectory("node-get-bench");
        Files.writeString(dir.resolve("ca.pem"), Pem.encodeCertificate(ca));
        ComponentContext context = LiveApiServerConfig.context(TraceSink.discard());
        server = KubeApiServer.start(LiveApiServerConfig.load(List.of("--client-ca-file=" + dir.resolve("ca.pem"),
                "--cert-dir=" + dir, "--authorization-mode=Node,RBAC"), context), context);
        ObjectNode nodeObject = Json.object().put("apiVersion", "v1").put("kind", "Node");
        nodeObject.putObject("metadata").put("name", "node-0");
        server.store().create(StoredResources.of(KubeVersion.NEWEST).get("", "nodes").orElseThrow(), "", nodeObject);

        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(tls(new CertificateAndKey(node, nodeKeys.getPrivate()), server.config().serving().chain()))
                .build();
        get = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/api/v1/nodes/node-0")).GET().build();
        int status = getNode();
        if (status != 200) {
            throw new IllegalStateException("GET of the node answered " + status);
        }
    }

    @Benchmark
    public int getNode() throws Exception {
        return client.send(get, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
    }

    @TearDown
    public void tearDown() {
        server.close();
    }

    private static SSLContext tls(CertificateAndKey pair, List<X509Certificate> servingChain) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("node", pair.privateKey(), PASSWORD, pair.certificates().toArray(new Certificate[0]));
        KeyManagerFactory km = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        km.init(keys, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(km.getKeyManagers(), ServingCaTrust.trustManagers(servingChain), null);
        return context;
    }
}
