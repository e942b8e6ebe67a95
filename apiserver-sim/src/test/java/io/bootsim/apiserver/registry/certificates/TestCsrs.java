package io.bootsim.apiserver.registry.certificates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Json;
import io.bootsim.core.pki.CertificateRequest;
import io.bootsim.core.pki.CertificateSpec;
import io.bootsim.core.pki.Certificates;
import io.bootsim.core.pki.KeyType;
import io.bootsim.core.pki.Keys;
import io.bootsim.core.pki.Pem;
import io.bootsim.core.pki.Subject;
import io.bootsim.core.random.RandomStreams;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** CSR objects and PEM for tests, from seeded randomness (one ECDSA key for all). */
final class TestCsrs {

    private static final RandomStreams RANDOM = RandomStreams.seeded(20240101L);
    private static final KeyPair KEY = Keys.generate(KeyType.ECDSA_P256, RANDOM.stream("key"));

    private TestCsrs() {
    }

    static String pem(String cn, List<String> organizations, List<String> dns, List<String> ips,
                      List<String> emails, List<String> uris) {
        Subject subject = Subject.of(cn, organizations.toArray(String[]::new));
        List<InetAddress> ipAddresses = ips.stream().map(CertificateSpec::ipLiteral).toList();
        List<URI> uriList = uris.stream().map(URI::create).toList();
        return Pem.encodeCertificateRequest(CertificateRequest.create(KEY, subject, dns, ipAddresses, emails, uriList,
                RANDOM.stream("csr")));
    }

    static CertificateRequest request(String cn, List<String> organizations, List<String> dns, List<String> ips,
                                      List<String> emails, List<String> uris) throws CsrPem.ParseException {
        return CsrPem.parse(pem(cn, organizations, dns, ips, emails, uris).getBytes(StandardCharsets.US_ASCII));
    }

    /** A self-signed certificate in PEM, for status.certificate. */
    static String certificatePem(String cn) {
        CertificateSpec spec = CertificateSpec.builder(Subject.of(cn))
                .validity(Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2030-01-01T00:00:00Z")).build();
        return Pem.encodeCertificate(Certificates.selfSigned(spec, KEY, RANDOM.stream("cert")));
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Upstream's validation baseline: name testcsr, signer example.com/valid-name, usages [key encipherment], O testing-org. */
    static ObjectNode baseline() {
        ObjectNode csr = Json.object();
        csr.put("apiVersion", "certificates.k8s.io/v1").put("kind", "CertificateSigningRequest");
        csr.putObject("metadata").put("name", "testcsr");
        ObjectNode spec = csr.putObject("spec");
        spec.put("request", base64(pem("testcsr", List.of("testing-org"), List.of(), List.of(), List.of(), List.of())));
        spec.put("signerName", "example.com/valid-name");
        spec.putArray("usages").add("key encipherment");
        return csr;
    }

    static ObjectNode condition(String type, String status) {
        ObjectNode c = Json.object().put("type", type);
        if (status != null) {
            c.put("status", status);
        }
        return c;
    }

    static ObjectNode withConditions(ObjectNode csr, ObjectNode... conditions) {
        ArrayNode array = CsrJson.status(csr).putArray("conditions");
        for (ObjectNode c : conditions) {
            array.add(c);
        }
        return csr;
    }

    /**
     * A copy of {@code base} changed by a vector's patch: JSON merge-patch semantics (null removes),
     * plus "requestText" / "certificateText" / "certificatePem" shorthands that the test encodes.
     */
    static ObjectNode patched(ObjectNode base, JsonNode patch) {
        ObjectNode csr = base.deepCopy();
        merge(csr, patch);
        JsonNode requestText = patch.path("requestText");
        if (requestText.isTextual()) {
            CsrJson.spec(csr).put("request", base64(requestText.asText()));
            csr.remove("requestText");
        }
        JsonNode certificateText = patch.path("certificateText");
        if (certificateText.isTextual()) {
            String text = certificateText.asText().replace("$VALID", certificatePem("issued"))
                    .replace("$OTHER", certificatePem("other"));
            CsrJson.status(csr).put("certificate", base64(text));
            csr.remove("certificateText");
        }
        return csr;
    }

    private static void merge(ObjectNode target, JsonNode patch) {
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getValue().isNull()) {
                target.remove(f.getKey());
            } else if (f.getValue().isObject() && target.get(f.getKey()) instanceof ObjectNode child) {
                merge(child, f.getValue());
            } else {
                target.set(f.getKey(), f.getValue().deepCopy());
            }
        }
    }

    static JsonNode resource(String path) {
        try (InputStream in = TestCsrs.class.getResourceAsStream(path)) {
            return Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
