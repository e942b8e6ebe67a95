package io.bootsim.core.http;

import io.bootsim.core.pki.BoringSslProvider;
import io.bootsim.core.pki.CertificateAndKey;
import io.bootsim.core.pki.TestPki;
import org.junit.jupiter.api.Test;

import java.security.PrivateKey;
import java.security.Signature;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pair a server presents is the one current at the handshake, and only for a key type it has. */
class ServingKeyManagerTest {

    private final CertificateAndKey pair = TestPki.ca("kubernetes").server("node-0", "10.0.0.1");

    @Test
    void offersThePairCurrentAtEachHandshake() {
        AtomicReference<Optional<CertificateAndKey>> current = new AtomicReference<>(Optional.empty());
        ServingKeyManager manager = new ServingKeyManager(current::get);
        String keyType = pair.privateKey().getAlgorithm().startsWith("EC") ? "EC" : "RSA";
        assertNull(manager.chooseEngineServerAlias(keyType, null, null), "no serving certificate yet");

        current.set(Optional.of(pair));
        String alias = manager.chooseEngineServerAlias(keyType, null, null);
        assertEquals("serving", alias);
        assertArrayEquals(pair.certificates().toArray(), manager.getCertificateChain(alias));
        assertEquals(pair.privateKey(), manager.getPrivateKey(alias));
        assertNull(manager.chooseEngineServerAlias(keyType.equals("EC") ? "RSA" : "EC", null, null),
                "the client's other key type");
    }

    @Test
    void aFixedPairHasItsKeyAsTheJdkSignsWith() {
        ServingKeyManager manager = ServingKeyManager.of(pair.certificates(), pair.privateKey(), TlsProvider.JDK);
        assertArrayEquals(pair.privateKey().getEncoded(), manager.getPrivateKey("serving").getEncoded());
        assertFalse(manager.getPrivateKey("serving").getClass().getName().startsWith("org.bouncycastle"),
                "the JDK's TLS sends no certificate for a BouncyCastle key");
    }

    @Test
    void aFixedPairHasItsKeyAsBoringSslHoldsIt() throws Exception {
        ServingKeyManager manager = ServingKeyManager.of(pair.certificates(), pair.privateKey(), TlsProvider.OPENSSL);
        PrivateKey key = manager.getPrivateKey("serving");
        Signature signer = Signature.getInstance("SHA256withECDSA", BoringSslProvider.get().orElseThrow());
        signer.initSign(key);
        signer.update(new byte[] {1, 2, 3});
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(pair.certificates().get(0).getPublicKey());
        verifier.update(new byte[] {1, 2, 3});
        assertTrue(verifier.verify(signer.sign()), "the same key");
        assertInstanceOf(org.conscrypt.OpenSSLKeyHolder.class, key,
                "Conscrypt parses any other key anew at every handshake");
        assertSame(key, manager.getPrivateKey("serving"), "converted once");
    }
}
