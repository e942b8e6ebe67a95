package io.bootsim.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.controller.app.KubeControllerManager;
import io.bootsim.controller.app.KubeControllerManagerOptions;
import io.bootsim.controller.certificates.Csr;
import io.bootsim.core.client.FakeApi;
import io.bootsim.core.pki.CertificateAndKey;
import io.bootsim.core.pki.CertificateRequest;
import io.bootsim.core.pki.CertificateSpec;
import io.bootsim.core.pki.Certificates;
import io.bootsim.core.pki.KeyType;
import io.bootsim.core.pki.Keys;
import io.bootsim.core.pki.Pem;
import io.bootsim.core.pki.Subject;
import io.bootsim.core.random.RandomStreams;
import io.bootsim.core.version.KubeVersion;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * CSRs approved and signed per second by the whole controller path (informer, queues, approver
 * with its SubjectAccessReview, signer, both updates; the API in memory, no TLS), next to the raw
 * rate of signing the same certificates with the same CA key in the same run: the floor.
 * Run: java -cp ... io.bootsim.controller.CsrThroughputBench [csrs-per-round] [rounds]
 */
public final class CsrThroughputBench {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        for (KeyType caType : List.of(KeyType.RSA_2048, KeyType.ECDSA_P256)) {
            SecureRandom random = RandomStreams.seeded(11).stream("bench/" + caType);
            KeyPair caKeys = Keys.generate(caType, random);
            X509Certificate caCert = Certificates.selfSigned(CertificateSpec.builder(Subject.of("bench-ca")).ca(true)
                    .usages("cert sign").validFor(() -> Fixture.NOW, Duration.ofDays(3650)).build(), caKeys, random);
            CertificateAndKey ca = new CertificateAndKey(caCert, caKeys.getPrivate());
            Path dir = Files.createTempDirectory("bench-ca");
            Files.writeString(dir.resolve("ca.pem"), Pem.encodeCertificate(caCert));
            Files.writeString(dir.resolve("ca-key.pem"), Pem.encodePrivateKey(caKeys.getPrivate()));
            List<CertificateRequest> requests = new ArrayList<>();
            Fixture keys = new Fixture();
            for (int i = 0; i < n; i++) {
                requests.add(keys.request(Subject.of("system:node:bench-" + i, "system:nodes")));
            }
            for (int round = 0; round < rounds; round++) {
                double floor = rawSigning(requests, ca, random);
                double controller = throughController(requests, dir, n);
                System.out.printf("CA %-10s round %d: controller %7.0f CSRs/s approved+signed; raw signing %7.0f certs/s; ratio %.2f%n",
                        caType.name(), round, controller, floor, controller / floor);
            }
        }
    }

    /** The floor: verify each CSR's signature and sign its certificate, as the signer must. */
    static double rawSigning(List<CertificateRequest> requests, CertificateAndKey ca, SecureRandom random) throws Exception {
        long start = System.nanoTime();
        for (CertificateRequest req : requests) {
            req.checkSignature();
            CertificateSpec spec = CertificateSpec.builder(req.subject()).usages("digital signature", "client auth")
                    .validity(Fixture.NOW.minusSeconds(300), Fixture.NOW.plus(Duration.ofDays(365))).build();
            Certificates.sign(spec, req.publicKey(), ca.certificate(), ca.privateKey(), random);
        }
        return requests.size() / ((System.nanoTime() - start) / 1e9);
    }

    static double throughController(List<CertificateRequest> requests, Path dir, int n) throws Exception {
        Fixture f = new Fixture();
        KubeVersion v = KubeVersion.NEWEST;
        f.api.collection(Csr.collectionPath(v)).intercept(r -> r.path().startsWith("/apis/authorization.k8s.io/")
                ? Optional.of(FakeApi.ok(r, ApproverTest.review(true))) : Optional.empty());
        new KubeControllerManager(KubeControllerManagerOptions.defaults(v, KubeControllerManagerOptions.SigningFiles.global(
                dir.resolve("ca.pem").toString(), dir.resolve("ca-key.pem").toString())), f.context, f.api).start();
        f.scheduler.runUntilIdle();
        List<ObjectNode> csrs = new ArrayList<>();
        for (CertificateRequest req : requests) {
            csrs.add(f.csr(v, "system:bootstrap:abcdef", Csr.KUBE_APISERVER_CLIENT_KUBELET, ApproverTest.THREE, req));
        }
        long start = System.nanoTime();
        csrs.forEach(c -> f.api.put(Csr.collectionPath(v), c));
        f.scheduler.runUntilIdle();
        double rate = n / ((System.nanoTime() - start) / 1e9);
        long issued = f.api.list(Csr.collectionPath(v)).stream().filter(o -> new Csr(o).isIssued()).count();
        if (issued != n) {
            throw new IllegalStateException("only " + issued + " of " + n + " issued");
        }
        return rate;
    }
}
