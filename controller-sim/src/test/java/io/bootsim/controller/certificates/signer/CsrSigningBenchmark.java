package io.bootsim.controller.certificates.signer;

import io.bootsim.controller.Fixture;
import io.bootsim.core.pki.CertificateAndKey;
import io.bootsim.core.pki.CertificateRequest;
import io.bootsim.core.pki.CertificateSpec;
import io.bootsim.core.pki.Certificates;
import io.bootsim.core.pki.KeyType;
import io.bootsim.core.pki.Keys;
import io.bootsim.core.pki.Subject;
import io.bootsim.core.random.RandomStreams;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The csrsigning controller's own work per kubelet client CSR: the request's signature check,
 * usages and validity window, and the certificate signed by the cluster CA, for an RSA-2048 and an
 * ECDSA P-256 CA (shared/PERFORMANCE.md: 1.8 ms and 0.7 ms to build and sign alone).
 *
 * <p>Run from the repository root:
 * <pre>
 * mvn -q -o -pl controller-sim -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp controller-sim/target/test-classes:controller-sim/target/classes:core/target/classes:$(cat /tmp/cp.txt) \
 *     org.openjdk.jmh.Main CsrSigningBenchmark -f1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CsrSigningBenchmark {

    private static final List<String> USAGES = List.of("digital signature", "client auth");

    @Param({"rsa2048", "ecdsa-p256"})
    public String ca;

    private CertificateAuthority authority;
    private CertificateRequest request;
    private SigningPolicy policy;
    private SecureRandom serials;

    @Setup
    public void setUp() {
        RandomStreams random = RandomStreams.seeded(9);
        SecureRandom r = random.stream("bench/" + ca);
        KeyPair caKeys = Keys.generate(KeyType.parse(ca), r);
        authority = CertificateAuthority.of(new CertificateAndKey(Certificates.selfSigned(
                CertificateSpec.builder(Subject.of("kubernetes")).ca(true).usages("cert sign")
                        .validFor(() -> Fixture.NOW, Duration.ofDays(3650)).build(), caKeys, r), caKeys.getPrivate()));
        request = CertificateRequest.create(Keys.generate(KeyType.ECDSA_P256, r),
                Subject.of("system:node:node-0", "system:nodes"), List.of(), List.of(), r);
        policy = SigningPolicy.controller(Duration.ofDays(365));
        serials = random.stream("serials");
        if (!(sign() instanceof CertificateAuthority.Issued)) {
            throw new IllegalStateException("the kubelet client CSR must be signed: " + sign());
        }
    }

    @Benchmark
    public CertificateAuthority.Signed sign() {
        return authority.sign(request, USAGES, policy, Fixture.NOW, serials);
    }
}
