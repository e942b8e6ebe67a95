package io.bootsim.core.pki;

import io.bootsim.core.random.RandomStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KeysTest {

    @ParameterizedTest
    @CsvSource({"rsa2048, RSA_2048", "RSA3072, RSA_3072", "rsa4096, RSA_4096", "ecdsa-p256, ECDSA_P256",
            " ecdsa-P384 , ECDSA_P384"})
    void keyTypeParsesFlagNames(String name, KeyType expected) {
        assertEquals(expected, KeyType.parse(name));
    }

    @Test
    void unknownKeyTypeNamesTheValidValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeyType.parse("ed25519"));
        assertEquals("unknown key type \"ed25519\": valid values are rsa2048, rsa3072, rsa4096, ecdsa-p256, ecdsa-p384",
                e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void generatedKeyHasTheRequestedAlgorithmAndSize(KeyType type) {
        KeyPair pair = Keys.generate(type, RandomStreams.seeded(7).stream("keys"));
        int bits = pair.getPublic() instanceof RSAPublicKey rsa ? rsa.getModulus().bitLength()
                : ((ECPublicKey) pair.getPublic()).getParams().getOrder().bitLength();
        assertEquals(type.bits(), bits);
        assertEquals(type.algorithm(), pair.getPrivate().getAlgorithm().replace("ECDSA", "EC"));
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"RSA_2048", "ECDSA_P256", "ECDSA_P384"})
    void seededRandomGivesTheSameKeyEveryRun(KeyType type) {
        KeyPair first = Keys.generate(type, RandomStreams.seeded(1).stream("x"));
        KeyPair second = Keys.generate(type, RandomStreams.seeded(1).stream("x"));
        KeyPair otherSeed = Keys.generate(type, RandomStreams.seeded(2).stream("x"));
        assertArrayEquals(first.getPrivate().getEncoded(), second.getPrivate().getEncoded());
        assertFalse(java.util.Arrays.equals(first.getPrivate().getEncoded(), otherSeed.getPrivate().getEncoded()));
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"RSA_2048", "ECDSA_P256", "ECDSA_P384"})
    void publicKeyIsDerivedFromAPrivateKeyReadFromAFile(KeyType type) throws Exception {
        KeyPair pair = Keys.generate(type, RandomStreams.seeded(1).stream("derive"));
        java.security.PrivateKey reread = Pem.privateKey(
                Pem.encodePrivateKey(pair.getPrivate()).getBytes(java.nio.charset.StandardCharsets.US_ASCII), "key.tmp");
        assertArrayEquals(pair.getPublic().getEncoded(), Keys.publicKey(reread).getEncoded());
    }

    @Test
    void scenariosStartingFromOnePositionShareOneRsaKeyGeneration() throws Exception {
        // two runs side by side draw their first RSA key from the same position: one prime search
        // (50 ms to over a second) serves both, and both streams end where generating it leaves them
        record Drawn(KeyPair pair, long next) {
        }
        CyclicBarrier together = new CyclicBarrier(2);
        Callable<Drawn> run = () -> {
            SecureRandom stream = RandomStreams.seeded(4242).stream("side-by-side");
            together.await();
            KeyPair pair = Keys.generate(KeyType.RSA_2048, stream);
            return new Drawn(pair, stream.nextLong());
        };
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            var a = two.submit(run);
            var b = two.submit(run);
            Drawn first = a.get();
            Drawn second = b.get();
            assertSame(first.pair(), second.pair());
            assertEquals(first.next(), second.next());
        } finally {
            two.shutdownNow();
        }
    }
}
