package io.bootsim.core.http;

import io.bootsim.core.pki.CertificateAndKey;
import io.bootsim.core.pki.TestPki;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

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
        ServingKeyManager manager = ServingKeyManager.of(pair.certificates(), pair.privateKey());
        assertArrayEquals(pair.privateKey().getEncoded(), manager.getPrivateKey("serving").getEncoded());
        assertFalse(manager.getPrivateKey("serving").getClass().getName().startsWith("org.bouncycastle"),
                "the JDK's TLS sends no certificate for a BouncyCastle key");
    }
}
