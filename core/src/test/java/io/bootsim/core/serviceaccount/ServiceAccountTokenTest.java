package io.bootsim.core.serviceaccount;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Json;
import io.bootsim.core.jose.Jws;
import io.bootsim.core.pki.KeyType;
import io.bootsim.core.pki.Keys;
import io.bootsim.core.pki.Pem;
import io.bootsim.core.pki.PemException;
import io.bootsim.core.pki.TestPki;
import io.bootsim.core.random.RandomStreams;
import io.bootsim.core.version.KubeVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Legacy token claims, the signer's header per release, service-account user names, and the key files that verify. */
class ServiceAccountTokenTest {

    private final SecureRandom random = RandomStreams.seeded(3).stream("sa");
    private final KeyPair key = Keys.generate(KeyType.RSA_2048, random);

    @Test
    void legacyClaimsAreTheFourServiceAccountClaimsSubjectAndIssuerInGoMapOrder() {
        LegacyTokenClaims claims = new LegacyTokenClaims("kube-system", "certificate-controller", "uid-1",
                "certificate-controller-token-x2b4k");
        assertEquals("{\"iss\":\"kubernetes/serviceaccount\",\"kubernetes.io/serviceaccount/namespace\":\"kube-system\","
                + "\"kubernetes.io/serviceaccount/secret.name\":\"certificate-controller-token-x2b4k\","
                + "\"kubernetes.io/serviceaccount/service-account.name\":\"certificate-controller\","
                + "\"kubernetes.io/serviceaccount/service-account.uid\":\"uid-1\","
                + "\"sub\":\"system:serviceaccount:kube-system:certificate-controller\"}", Json.write(claims.toPayload()));
        assertEquals(claims, LegacyTokenClaims.of(claims.toPayload()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "1.9  | {\"alg\":\"RS256\",\"typ\":\"JWT\"}",
            "1.12 | {\"alg\":\"RS256\"}",
            "1.33 | {\"alg\":\"RS256\",\"kid\":\"KID\"}"})
    void theHeaderIsTheJwtLibraryOfTheRelease(String version, String header) {
        String token = new TokenSigner(key.getPrivate(), KubeVersion.parse(version)).sign(Json.object().put("sub", "x"), random);
        Jws.Parsed parsed = Jws.parse(token).orElseThrow();
        assertEquals(header.replace("KID", Jws.keyId(key.getPublic())), Json.write(parsed.header()));
        assertTrue(Jws.verify(parsed, key.getPublic()));
    }

    @Test
    void aServiceAccountUserNameSplitsIntoNamespaceAndName() {
        ServiceAccountUser user = new ServiceAccountUser("kube-system", "certificate-controller");
        assertEquals("system:serviceaccount:kube-system:certificate-controller", user.username());
        assertEquals(List.of("system:serviceaccounts", "system:serviceaccounts:kube-system"), user.groups());
        assertEquals(Optional.of(user), ServiceAccountUser.parse(user.username()));
        for (String invalid : List.of("system:serviceaccount:kube-system", "system:serviceaccount:a:b:c",
                "system:serviceaccount:Kube-System:x", "system:serviceaccounts:kube-system:x", "kube-system:x")) {
            assertTrue(ServiceAccountUser.parse(invalid).isEmpty(), invalid);
        }
    }

    @Test
    void verificationKeysComeFromPublicKeysCertificatesAndPrivateKeys() throws Exception {
        String publicPem = Pem.encode(Pem.PUBLIC_KEY, key.getPublic().getEncoded());
        String privatePem = Pem.encodePrivateKey(key.getPrivate());
        TestPki ca = TestPki.ca("sa-ca");
        String both = publicPem + privatePem + Pem.encodeCertificate(ca.caCertificate());
        List<java.security.PublicKey> keys = Pem.publicKeys(both.getBytes(StandardCharsets.US_ASCII), "sa.pem");
        assertEquals(List.of(key.getPublic(), key.getPublic(), ca.caCertificate().getPublicKey()), keys);

        PemException none = assertThrows(PemException.class, () -> Pem.publicKeys(
                "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n".getBytes(StandardCharsets.US_ASCII),
                "csr.pem"));
        assertEquals("data does not contain any valid RSA or ECDSA public keys", none.getMessage());
    }

    @Test
    void anEcdsaSigningKeySignsEs256() {
        KeyPair ec = Keys.generate(KeyType.ECDSA_P256, random);
        ObjectNode claims = Json.object().put("iss", "https://kubernetes.default.svc");
        Jws.Parsed parsed = Jws.parse(new TokenSigner(ec.getPrivate(), KubeVersion.parse("1.33")).sign(claims, random))
                .orElseThrow();
        assertEquals("ES256", parsed.algorithm());
        assertTrue(Jws.verify(parsed, ec.getPublic()));
    }
}
