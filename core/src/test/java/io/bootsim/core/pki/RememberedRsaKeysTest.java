package io.bootsim.core.pki;

import io.bootsim.core.random.RandomStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RememberedRsaKeysTest {

    @TempDir
    Path dir;

    @Test
    void aKeptKeyIsTheKeyGenerationMakesAndLeavesTheStreamWhereGenerationDoes() {
        SecureRandom generating = RandomStreams.seeded(77).stream("pki");
        RandomStreams.Position from = RandomStreams.position(generating).orElseThrow();
        KeyPair made = Keys.generate(KeyType.RSA_2048, generating);
        RandomStreams.Position to = RandomStreams.position(generating).orElseThrow();

        RememberedRsaKeys disk = new RememberedRsaKeys(dir.resolve("keys"));
        disk.write(KeyType.RSA_2048, from, made.getPrivate(), to);
        RememberedRsaKeys.Remembered read = new RememberedRsaKeys(dir.resolve("keys")).read(KeyType.RSA_2048, from)
                .orElseThrow();

        assertArrayEquals(made.getPrivate().getEncoded(), read.key().getEncoded());
        assertArrayEquals(made.getPublic().getEncoded(), Keys.keyPair(read.key()).getPublic().getEncoded());
        assertEquals(to, read.to());
        SecureRandom replaying = RandomStreams.seeded(77).stream("pki");
        RandomStreams.seek(replaying, read.to());
        assertEquals(generating.nextLong(), replaying.nextLong());
    }

    @Test
    void anotherPositionOrKeySizeIsNotFound() {
        SecureRandom stream = RandomStreams.seeded(78).stream("pki");
        RandomStreams.Position from = RandomStreams.position(stream).orElseThrow();
        KeyPair made = Keys.generate(KeyType.RSA_2048, stream);
        RememberedRsaKeys disk = new RememberedRsaKeys(dir);
        disk.write(KeyType.RSA_2048, from, made.getPrivate(), RandomStreams.position(stream).orElseThrow());

        assertTrue(disk.read(KeyType.RSA_3072, from).isEmpty());
        assertTrue(disk.read(KeyType.RSA_2048, new RandomStreams.Position(79, "pki", 0, 32)).isEmpty());
        assertTrue(disk.read(KeyType.RSA_2048, from).isPresent());
    }

    @Test
    void aDamagedFileIsIgnoredAndMadeAgain() throws Exception {
        SecureRandom stream = RandomStreams.seeded(80).stream("pki");
        RandomStreams.Position from = RandomStreams.position(stream).orElseThrow();
        KeyPair made = Keys.generate(KeyType.RSA_2048, stream);
        RememberedRsaKeys disk = new RememberedRsaKeys(dir);
        disk.write(KeyType.RSA_2048, from, made.getPrivate(), RandomStreams.position(stream).orElseThrow());
        try (var files = Files.list(dir)) {
            Path file = files.filter(f -> f.toString().endsWith(".pem")).findFirst().orElseThrow();
            Files.writeString(file, "to 12 3\n-----BEGIN PRIVATE KEY-----\ncut sho");
        }

        assertTrue(disk.read(KeyType.RSA_2048, from).isEmpty());
    }
}
