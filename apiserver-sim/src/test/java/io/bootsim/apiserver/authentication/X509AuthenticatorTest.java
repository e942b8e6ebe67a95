package io.bootsim.apiserver.authentication;

import com.fasterxml.jackson.databind.JsonNode;
import io.bootsim.apiserver.authentication.TestCertificates.Issued;
import io.bootsim.apiserver.authentication.TestCertificates.Subject;
import io.bootsim.core.pki.CertificateFields;
import io.bootsim.core.time.VirtualClock;
import io.bootsim.core.version.KubeVersion;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class X509AuthenticatorTest {

    private static final Instant CA_FROM = Instant.parse("2017-01-01T00:00:00Z");
    private static final Instant CA_TO = Instant.parse("2027-01-01T00:00:00Z");
    private static final Instant LEAF_FROM = Instant.parse("2017-06-01T00:00:00Z");
    private static final Instant LEAF_TO = Instant.parse("2019-01-01T00:00:00Z");

    static Stream<JsonNode> vectors() {
        return Vectors.cases("x509-vectors.yaml");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void clientCertificateIsVerifiedAndMappedAsUpstream(JsonNode v) throws Exception {
        Issued root = TestCertificates.selfSignedCa(
                new Subject("kubernetes", Vectors.strings(v.path("caOrganizations")), List.of()), CA_FROM, CA_TO);
        List<X509Certificate> peer = v.has("noCertificate") ? List.of() : chain(v, root);
        Instant at = Instant.parse(v.path("at").asText("2018-01-01T00:00:00Z"));
        KubeVersion version = KubeVersion.parse(v.path("version").asText("1.33"));

        AuthenticationResult result = new X509Authenticator(List.of(root.certificate()), new VirtualClock(at), version)
                .authenticate(peer);

        AuthenticationResult expected;
        if (v.has("user")) {
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(peer.get(0).getEncoded()));
            JsonNode u = v.get("user");
            Map<String, List<String>> extra = new LinkedHashMap<>();
            u.path("extra").fields().forEachRemaining(e -> extra.put(e.getKey(),
                    Vectors.strings(e.getValue()).stream().map(s -> s.replace("{sha256}", sha)).toList()));
            expected = new AuthenticationResult.Authenticated(new UserInfo(u.get("name").asText(), u.path("uid").asText(""),
                    Vectors.strings(u.path("groups")), extra));
        } else if (v.has("reason")) {
            expected = new AuthenticationResult.NotAuthenticated(v.get("reason").asText());
        } else {
            X509Certificate leaf = peer.get(0);
            String id = "SN=" + leaf.getSerialNumber() + ", SKID=" + CertificateFields.columnSeparatedHex(CertificateFields.subjectKeyId(leaf))
                    + ", AKID=" + CertificateFields.columnSeparatedHex(CertificateFields.authorityKeyId(leaf));
            expected = new AuthenticationResult.Failed(v.get("error").asText().replace("{id}", id));
        }
        assertEquals(expected, result);
    }

    @Test
    void aCertificateSeenAgainIsTheSameUserOnlyWhileItsChainIsValid() {
        Issued root = TestCertificates.selfSignedCa(Subject.cn("kubernetes"), CA_FROM, CA_TO);
        Issued leaf = TestCertificates.issue(root, Subject.cn("system:node:n1", "system:nodes"), false,
                List.of(KeyPurposeId.id_kp_clientAuth), LEAF_FROM, LEAF_TO);
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2018-01-01T00:00:00Z"));
        X509Authenticator authenticator = new X509Authenticator(List.of(root.certificate()), now::get, KubeVersion.NEWEST);
        List<X509Certificate> peer = List.of(leaf.certificate());

        AuthenticationResult first = authenticator.authenticate(peer);
        assertEquals("system:node:n1", ((AuthenticationResult.Authenticated) first).user().name());
        assertEquals(first, authenticator.authenticate(peer));
        now.set(LEAF_TO); // its last valid instant
        assertEquals(first, authenticator.authenticate(peer));

        now.set(LEAF_TO.plusSeconds(1));
        assertEquals(new AuthenticationResult.Failed("verifying certificate " + identifier(leaf.certificate())
                + " failed: x509: certificate has expired or is not yet valid: current time 2019-01-01T00:00:01Z is after "
                + "2019-01-01T00:00:00Z"), authenticator.authenticate(peer));
        now.set(LEAF_FROM.minusSeconds(1));
        assertEquals(new AuthenticationResult.Failed("verifying certificate " + identifier(leaf.certificate())
                + " failed: x509: certificate has expired or is not yet valid: current time 2017-05-31T23:59:59Z is before "
                + "2017-06-01T00:00:00Z"), authenticator.authenticate(peer));
        now.set(LEAF_FROM);
        assertEquals(first, authenticator.authenticate(peer));
    }

    private static String identifier(X509Certificate leaf) {
        return "SN=" + leaf.getSerialNumber() + ", SKID=" + CertificateFields.columnSeparatedHex(CertificateFields.subjectKeyId(leaf))
                + ", AKID=" + CertificateFields.columnSeparatedHex(CertificateFields.authorityKeyId(leaf));
    }

    private static List<X509Certificate> chain(JsonNode v, Issued root) {
        JsonNode l = v.get("leaf");
        String issuerKind = l.path("issuer").asText("root");
        if (issuerKind.equals("self")) {
            return List.of(root.certificate());
        }
        List<KeyPurposeId> ekus = new ArrayList<>();
        for (String e : Vectors.strings(l.path("eku"))) {
            ekus.add(switch (e) {
                case "serverAuth" -> KeyPurposeId.id_kp_serverAuth;
                case "clientAuth" -> KeyPurposeId.id_kp_clientAuth;
                default -> KeyPurposeId.anyExtendedKeyUsage;
            });
        }
        Subject subject = new Subject(l.get("cn").asText(), Vectors.strings(l.path("o")), Vectors.strings(l.path("uid")));
        Instant intermediateTo = Instant.parse(v.path("intermediateNotAfter").asText(CA_TO.toString()));
        Issued issuer = switch (issuerKind) {
            case "intermediate" -> TestCertificates.issue(root, Subject.cn("intermediate"), true, List.of(), CA_FROM, intermediateTo);
            case "notCa" -> TestCertificates.issue(root, Subject.cn("not-a-ca"), false, List.of(), CA_FROM, CA_TO);
            case "otherRoot" -> TestCertificates.selfSignedCa(Subject.cn("other-ca"), CA_FROM, CA_TO);
            case "sameNameRoot" -> TestCertificates.selfSignedCa(Subject.cn("kubernetes"), CA_FROM, CA_TO);
            default -> root;
        };
        Instant leafTo = Instant.parse(l.path("notAfter").asText(LEAF_TO.toString()));
        Issued leaf = TestCertificates.issue(issuer, subject, false, ekus, LEAF_FROM, leafTo);
        boolean sent = (issuerKind.equals("intermediate") || issuerKind.equals("notCa")) && v.path("sendIntermediate").asBoolean(true);
        return sent ? List.of(leaf.certificate(), issuer.certificate()) : List.of(leaf.certificate());
    }
}
