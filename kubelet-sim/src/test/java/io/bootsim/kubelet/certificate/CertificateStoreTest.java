package io.bootsim.kubelet.certificate;

import io.bootsim.core.pki.CertificateAndKey;
import io.bootsim.core.pki.Pem;
import io.bootsim.core.pki.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** certificate_store.go: timestamped 0600 files, an absolute symlink swapped atomically, load order. */
class CertificateStoreTest {

    private static final TestPki PKI = TestPki.ca("store-ca");

    @TempDir
    Path dir;

    @Test
    void updateWritesTimestampedPairAndPointsCurrentLinkAtIt() throws Exception {
        CertificateStore store = new CertificateStore(dir, "kubelet-client", null, null);
        assertTrue(store.current().isEmpty());
        CertificateAndKey first = PKI.client("system:node:n1", "system:nodes");
        Path file = store.update(first, Instant.parse("2024-05-01T12:34:56Z"));

        assertEquals(dir.resolve("kubelet-client-2024-05-01-12-34-56.pem"), file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(Files.isSymbolicLink(store.currentPath()));
        assertEquals(file.toAbsolutePath(), Files.readSymbolicLink(store.currentPath()));
        String text = Files.readString(file);
        assertTrue(text.indexOf("CERTIFICATE") < text.indexOf("EC PRIVATE KEY"), "certificate first, then key");
        assertEquals(first.certificate(), store.current().orElseThrow().certificate());

        CertificateAndKey second = PKI.client("system:node:n1", "system:nodes");
        Path next = store.update(second, Instant.parse("2024-06-01T00:00:00Z"));
        assertEquals(next.toAbsolutePath(), Files.readSymbolicLink(store.currentPath()));
        assertEquals(second.certificate(), store.current().orElseThrow().certificate());
        assertTrue(Files.exists(file), "old pairs stay, as upstream leaves them");
        assertFalse(Files.exists(dir.resolve("kubelet-client-updated.pem")));
    }

    @Test
    void fallsBackToConfiguredFilesThenPrefixCrtAndKey() throws Exception {
        CertificateAndKey pair = PKI.client("system:node:n1", "system:nodes");
        Files.writeString(dir.resolve("kubelet.crt"), Pem.encodeCertificate(pair.certificate()));
        Files.writeString(dir.resolve("kubelet.key"), Pem.encodePrivateKey(pair.privateKey()));
        assertEquals(pair.certificate(), new CertificateStore(dir, "kubelet", null, null).current().orElseThrow()
                .certificate());
        Path cert = dir.resolve("static.crt");
        Path key = dir.resolve("static.key");
        CertificateAndKey other = PKI.server("node-1");
        Files.writeString(cert, Pem.encodeCertificate(other.certificate()));
        Files.writeString(key, Pem.encodePrivateKey(other.privateKey()));
        assertEquals(other.certificate(), new CertificateStore(dir, "kubelet", cert, key).current().orElseThrow()
                .certificate());
    }

    @Test
    void corruptCurrentFileIsAnErrorNamingTheFile() throws Exception {
        Files.writeString(dir.resolve("kubelet-client-current.pem"), "garbage");
        CertificateStore store = new CertificateStore(dir, "kubelet-client", null, null);
        CertificateStore.StoreException e = assertThrows(CertificateStore.StoreException.class, store::current);
        assertTrue(e.getMessage().startsWith("could not convert data from \"" + dir.resolve("kubelet-client-current.pem")
                + "\" into cert/key pair: "), e.getMessage());
    }
}
