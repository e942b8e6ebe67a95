package io.bootsim.apiserver.registry.certificates;

import io.bootsim.core.certificates.KubeletCsrShape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.pki.CertificateRequest;
import io.bootsim.core.version.KubeVersion;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static io.bootsim.apiserver.registry.certificates.TestCsrs.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Upstream's TestIsKubeletClientCSR / TestIsKubeletServingCSR and v1beta1 signerName defaulting. */
class KubeletCsrShapeTest {

    static Stream<Arguments> vectors() {
        List<Arguments> args = new ArrayList<>();
        TestCsrs.resource("/certificates/kubelet-csr-shape-vectors.json").forEach(v -> args.add(Arguments.of(
                Named.of(v.path("kind").asText() + " " + v.path("name").asText() + " (" + v.path("version").asText() + ")", v))));
        return args.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void shapeCheckFindsUpstreamsFirstProblem(JsonNode v) throws Exception {
        CertificateRequest req = request(v);
        KubeVersion version = KubeVersion.parse(v.path("version").asText());
        List<String> usages = strings(v.path("usages"));

        Optional<String> problem = v.path("kind").asText().equals("client")
                ? KubeletCsrShape.validateClient(req, usages, version)
                : KubeletCsrShape.validateServing(req, usages, version);

        assertEquals(Optional.ofNullable(v.path("expected").textValue()), problem);
    }

    /** v1beta1 is served until 1.21, when the shape still needed all three usages. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void v1beta1DefaultsSignerNameFromTheShape(JsonNode v) {
        ObjectNode csr = v1beta1Csr(v);

        V1beta1Defaults.apply(csr, KubeVersion.of(1, 21));

        boolean kubeletShaped = v.path("expected").isNull() && v.path("usages").size() == 3;
        String kubeletSigner = v.path("kind").asText().equals("client")
                ? Certificates.KUBE_APISERVER_CLIENT_KUBELET_SIGNER : Certificates.KUBELET_SERVING_SIGNER;
        assertEquals(kubeletShaped ? kubeletSigner : Certificates.LEGACY_UNKNOWN_SIGNER, CsrJson.signerName(csr));
    }

    @Test
    void v1beta1DefaultingGivesUnparsableRequestsTheLegacySigner() {
        ObjectNode csr = TestCsrs.baseline();
        CsrJson.spec(csr).put("request", TestCsrs.base64("invalid data")).remove("signerName");

        V1beta1Defaults.apply(csr, KubeVersion.of(1, 21));

        assertEquals(Certificates.LEGACY_UNKNOWN_SIGNER, CsrJson.signerName(csr));
    }

    @Test
    void v1beta1DefaultUsagesLackClientAuthSoAKubeletShapedRequestBecomesLegacyUnknown() {
        ObjectNode csr = TestCsrs.baseline();
        CsrJson.spec(csr).put("request", TestCsrs.base64(
                TestCsrs.pem("system:node:n1", List.of("system:nodes"), List.of(), List.of(), List.of(), List.of())));
        CsrJson.spec(csr).remove(List.of("signerName", "usages"));

        V1beta1Defaults.apply(csr, KubeVersion.of(1, 20));

        assertEquals(List.of("digital signature", "key encipherment"), CsrJson.usages(csr));
        assertEquals(Certificates.LEGACY_UNKNOWN_SIGNER, CsrJson.signerName(csr));
    }

    @Test
    void v1beta1KeepsAnExplicitSignerNameAndDefaultsConditionStatusToTrue() {
        ObjectNode csr = TestCsrs.withConditions(TestCsrs.baseline(), TestCsrs.condition("Approved", null));
        CsrJson.spec(csr).put("signerName", "example.com/not-kubelet-serving");

        V1beta1Defaults.apply(csr, KubeVersion.of(1, 19));

        assertEquals("example.com/not-kubelet-serving", CsrJson.signerName(csr));
        assertEquals("True", CsrJson.conditionStatus(CsrJson.conditions(csr).get(0)));
    }

    @Test
    void before118V1beta1DefaultsNoSignerName() {
        ObjectNode csr = TestCsrs.baseline();
        CsrJson.spec(csr).remove("signerName");

        V1beta1Defaults.apply(csr, KubeVersion.of(1, 17));

        assertEquals("", CsrJson.signerName(csr));
    }

    private static CertificateRequest request(JsonNode v) throws CsrPem.ParseException {
        return TestCsrs.request(v.path("cn").asText(), strings(v.path("o")), strings(v.path("dns")),
                strings(v.path("ips")), strings(v.path("emails")), strings(v.path("uris")));
    }

    private static ObjectNode v1beta1Csr(JsonNode v) {
        ObjectNode csr = TestCsrs.baseline();
        CsrJson.spec(csr).remove("signerName");
        CsrJson.spec(csr).put("request", TestCsrs.base64(TestCsrs.pem(v.path("cn").asText(), strings(v.path("o")),
                strings(v.path("dns")), strings(v.path("ips")), strings(v.path("emails")), strings(v.path("uris")))));
        CsrJson.spec(csr).set("usages", v.path("usages").deepCopy());
        return csr;
    }
}
