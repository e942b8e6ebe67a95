package io.bootsim.apiserver.registry.certificates;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.validation.FieldError;
import io.bootsim.core.version.KubeVersion;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The apiserver's validation of a kubelet's client CSR on create, as every bootstrapping node
 * costs it: the object's fields, the PEM and PKCS#10 parse and the request's signature check
 * (an ECDSA P-256 verification, BouncyCastle). The bench (`bootsim bench`) compares the whole
 * flow with the floor; this is the part of it that is the apiserver's own.
 *
 * <p>Run from the repository root:
 * <pre>
 * mvn -q -o -pl apiserver-sim -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp apiserver-sim/target/test-classes:apiserver-sim/target/classes:core/target/classes:$(cat /tmp/cp.txt) \
 *     org.openjdk.jmh.Main CsrValidationBenchmark -f1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CsrValidationBenchmark {

    private CertificateSigningRequestValidation validation;
    private ObjectNode csr;

    @Setup
    public void setUp() {
        validation = new CertificateSigningRequestValidation(KubeVersion.NEWEST);
        csr = TestCsrs.baseline();
        ObjectNode spec = (ObjectNode) csr.get("spec");
        spec.put("request", TestCsrs.base64(TestCsrs.pem("system:node:node-0", List.of("system:nodes"), List.of(),
                List.of(), List.of(), List.of())));
        spec.put("signerName", "kubernetes.io/kube-apiserver-client-kubelet");
        spec.putArray("usages").add("digital signature").add("client auth");
        List<FieldError> errors = validation.validateCreate(csr, "v1");
        if (!errors.isEmpty()) {
            throw new IllegalStateException("the baseline CSR must be valid: " + errors);
        }
    }

    @Benchmark
    public List<FieldError> validateKubeletClientCsr() {
        return validation.validateCreate(csr, "v1");
    }
}
